package dev.charter.agent.policy;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a grant's {@code active}: {@code days} (default every day), {@code from} and {@code to}
 * ({@code HH:mm}, default 00:00 and 24:00) and {@code zone} (default UTC).
 *
 * <p>Days are three-letter English names in capitals, as a range ({@code MON-FRI}, which may wrap
 * round the week: {@code FRI-MON}), a comma list ({@code MON,WED,FRI}) or a YAML list
 * ({@code [MON, WED]}); a list's items may be ranges too. A window that would cross midnight is
 * refused: write two grants.
 */
final class ActiveParser {

    private static final List<String> ACTIVE_KEYS = List.of("days", "from", "to", "zone");
    private static final String DAYS_MUST_BE = "'days' must be days such as MON-FRI, MON,WED,FRI or [MON, WED]";
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Pattern TIME = Pattern.compile("([0-9]{2}):([0-9]{2})");
    private static final Map<String, DayOfWeek> DAYS = Map.of("MON", DayOfWeek.MONDAY, "TUE", DayOfWeek.TUESDAY,
            "WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY,
            "SAT", DayOfWeek.SATURDAY, "SUN", DayOfWeek.SUNDAY);

    private final PolicySource source;

    ActiveParser(PolicySource source) {
        this.source = source;
    }

    /** Reads {@code node}, the value of a grant's {@code active}. */
    Active active(Node node) throws PolicyException {
        YamlMapping active = YamlMapping.of(
                source.mapping(node, "'active' must be a mapping of days, from, to and zone"), source);
        active.allowOnly(ACTIVE_KEYS, Set.of());
        NodeTuple days = active.get("days");
        NodeTuple from = active.get("from");
        NodeTuple to = active.get("to");
        NodeTuple zone = active.get("zone");
        List<String> daysText = new ArrayList<>();
        Set<DayOfWeek> daySet = days == null ? EnumSet.allOf(DayOfWeek.class) : days(days.getValueNode(), daysText);
        LocalTime fromTime = from == null ? LocalTime.MIDNIGHT : time(from.getValueNode(), "from", "08:00", false);
        LocalTime toTime = to == null ? LocalTime.MIDNIGHT : time(to.getValueNode(), "to", "18:00 or 24:00", true);
        boolean endOfDay = to == null || Scalars.text(to.getValueNode()).equals("24:00");
        if (!endOfDay && !fromTime.isBefore(toTime)) {
            throw source.error(to.getValueNode(), "'to' must be after 'from' (" + fromTime + "), found "
                    + Text.quote(Scalars.text(to.getValueNode())) + " (a window cannot cross midnight: write two grants)");
        }
        ZoneId zoneId = zone == null ? UTC : zone(zone.getValueNode());
        String text = (days == null ? "every day" : String.join(",", daysText)) + " " + fromTime + "-"
                + (endOfDay ? "24:00" : toTime.toString()) + " " + zoneId.getId();
        return new Active(daySet, fromTime, toTime, zoneId, text);
    }

    private Set<DayOfWeek> days(Node node, List<String> written) throws PolicyException {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (node instanceof SequenceNode sequence) {
            if (sequence.getValue().isEmpty()) {
                throw source.error(node, "'days' must not be empty (leave it out for every day)");
            }
            for (Node item : sequence.getValue()) {
                String text = source.text(item, DAYS_MUST_BE);
                if (!addDays(text, days, false)) {
                    throw source.error(item, DAYS_MUST_BE + ", found " + Text.quote(text));
                }
                written.add(text);
            }
            return days;
        }
        String text = node instanceof ScalarNode && !PolicySource.isNull(node) ? Scalars.text(node) : null;
        if (text == null) {
            throw source.error(node, DAYS_MUST_BE + ", found " + PolicySource.describe(node));
        }
        if (!addDays(text, days, true)) {
            throw source.error(node, DAYS_MUST_BE + ", found " + Text.quote(text));
        }
        written.add(text);
        return days;
    }

    /** Adds the days {@code text} names (a day or range, or with {@code commas} a comma list of them); false if it names none. */
    private static boolean addDays(String text, Set<DayOfWeek> days, boolean commas) {
        for (String part : commas ? text.split(",", -1) : new String[] {text}) {
            int dash = part.indexOf('-');
            DayOfWeek first = DAYS.get(dash < 0 ? part : part.substring(0, dash));
            DayOfWeek last = dash < 0 ? first : DAYS.get(part.substring(dash + 1));
            if (first == null || last == null) {
                return false;
            }
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                days.add(day);
                if (day == last) {
                    break;
                }
            }
        }
        return true;
    }

    /** A time of day {@code HH:mm}; with {@code endOfDay}, 24:00 too, as midnight. */
    private LocalTime time(Node node, String key, String examples, boolean endOfDay) throws PolicyException {
        String mustBe = Text.quote(key) + " must be a time of day HH:mm such as " + examples;
        String text = source.text(node, mustBe);
        Matcher matcher = TIME.matcher(text);
        if (matcher.matches()) {
            int hour = Integer.parseInt(matcher.group(1));
            int minute = Integer.parseInt(matcher.group(2));
            if (hour < 24 && minute < 60) {
                return LocalTime.of(hour, minute);
            }
            if (endOfDay && hour == 24 && minute == 0) {
                return LocalTime.MIDNIGHT;
            }
        }
        throw source.error(node, mustBe + ", found " + Text.quote(text));
    }

    private ZoneId zone(Node node) throws PolicyException {
        String mustBe = "'zone' must be a time zone such as UTC or Europe/Berlin";
        String text = source.text(node, mustBe);
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw source.error(node, mustBe + ", found " + Text.quote(text));
        }
    }
}
