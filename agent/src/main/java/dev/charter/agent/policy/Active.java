package dev.charter.agent.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a grant may be used: on some days of the week, between two times of day, in one time zone
 * (a grant's {@code active}).
 *
 * @param days the days of the week on which the grant may be used, in {@code zone}
 * @param from the time of day from which it may be used, inclusive
 * @param to   the time of day until which it may be used, exclusive; {@link LocalTime#MIDNIGHT} stands
 *             for 24:00, the end of the day (a window never ends where the day begins)
 * @param zone the time zone in which days and times are read
 * @param text the window for messages, for example {@code "MON-FRI 08:00-18:00 Europe/Berlin"}: the days
 *             as written (or {@code "every day"}), the times and the zone
 */
public record Active(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone, String text) {

    /** Checks that every part is present, and keeps an unmodifiable copy of {@code days}. */
    public Active {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(text, "text");
        EnumSet<DayOfWeek> copy = EnumSet.noneOf(DayOfWeek.class);
        copy.addAll(days);
        days = Collections.unmodifiableSet(copy);
    }

    /**
     * Whether the grant may be used at {@code instant}: read in {@link #zone}, its day is one of
     * {@link #days} and its time of day is at or after {@link #from} and before {@link #to}.
     */
    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        if (!days.contains(local.getDayOfWeek())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return !time.isBefore(from) && (to.equals(LocalTime.MIDNIGHT) || time.isBefore(to));
    }

    /**
     * The first instant after {@code instant} from which the grant may be used again: the start of
     * the next window, in {@link #zone}. {@code null} when it has no days.
     */
    public Instant nextStart(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        for (int day = 0; day <= 7; day++) {
            ZonedDateTime start = local.toLocalDate().plusDays(day).atTime(from).atZone(zone);
            if (days.contains(start.getDayOfWeek()) && start.toInstant().isAfter(instant)) {
                return start.toInstant();
            }
        }
        return null;
    }
}
