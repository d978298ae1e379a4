package dev.charter.agent.policy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the policy and the agent options write them: a whole number and ms, s, m, h or d. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    /** The longest duration: far beyond any window or lease, and far from where time arithmetic overflows. */
    static final Duration LONGEST = Duration.ofDays(36_500);

    private Durations() {
    }

    /**
     * Reads a positive duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or {@code 1d}.
     *
     * At most {@link #LONGEST} (100 years), so that no window or lease overflows when a call adds it to a time.
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. "must be a duration such as 30s, 5m, 1h or 1d, found 'x'"
     */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("must be a duration such as 30s, 5m, 1h or 1d, found " + Text.quote(text));
        }
        Duration duration;
        try {
            duration = Duration.of(Long.parseLong(matcher.group(1)), unit(matcher.group(2)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(text);
        }
        if (duration.compareTo(LONGEST) > 0) {
            throw tooLong(text);
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be positive, found " + Text.quote(text));
        }
        return duration;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("must be at most 36500d (100 years), found " + Text.quote(text));
    }

    private static ChronoUnit unit(String unit) {
        return switch (unit) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
    }
}
