package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What a grant's limits ({@code max-per-call}, {@code budget}, {@code rate}, {@code active}, {@code expires}) parse to, and what is refused where. */
class PolicyLimitsParseTest {

    /** A grant of user:alice at line 5; the line under test is line 6, its key at column 9. */
    private static final String GRANT = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: payments:refund
            """;

    static Stream<Arguments> invalidLimits() {
        return Stream.of(
                invalid("max-per-call: -5", "6:23", "'max-per-call' must be a number >= 0, found '-5'"),
                invalid("max-per-call: \"500\"", "6:23", "'max-per-call' must be a number >= 0, found '500'"),
                invalid("max-per-call: [1]", "6:23", "'max-per-call' must be a number >= 0, found a list"),
                invalid("max-per-call:", "6:22", "'max-per-call' must be a number >= 0, found nothing"),
                invalid("max-per-call: .inf", "6:23", "'max-per-call' must be a number >= 0, found '.inf'"),
                invalid("max-per-call: 1e40", "6:23",
                        "'max-per-call' must be a number >= 0 with at most 18 digits before and after the point, found '1e40'"),
                invalid("max-per-call: 0.0000000000000000001", "6:23", "with at most 18 digits before and after the point"),
                invalid("budget: 2000", "6:17", "'budget' must be a mapping of limit and per, found a scalar"),
                invalid("budget: { limit: 2000 }", "6:17", "'budget' is missing required key 'per'"),
                invalid("budget: { per: 1d }", "6:17", "'budget' is missing required key 'limit'"),
                invalid("budget: { limit: 2000, per: 1d, reset: daily }", "6:41",
                        "unknown key 'reset' (expected one of: limit, per)"),
                invalid("budget: { limit: 2000, limit: 1, per: 1d }", "6:32", "duplicate key 'limit' (first at line 6)"),
                invalid("budget: { limit: 0, per: 1d }", "6:26", "'limit' must be a number > 0, found '0'"),
                invalid("budget: { limit: -1.5, per: 1d }", "6:26", "'limit' must be a number > 0, found '-1.5'"),
                invalid("budget: { limit: 2000, per: daily }", "6:37",
                        "'per' must be a duration such as 30s, 5m, 1h or 1d, found 'daily'"),
                invalid("budget: { limit: 2000, per: 0s }", "6:37", "'per' must be positive, found '0s'"),
                invalid("budget: { limit: 2000, per: 1w }", "6:37", "'per' must be a duration such as 30s, 5m, 1h or 1d, found '1w'"),
                invalid("budget: { limit: 2000, per: 1D }", "6:37", "found '1D'"),
                invalid("budget: { limit: 2000, per: 1.5h }", "6:37", "found '1.5h'"),
                invalid("budget: { limit: 2000, per: \"1 d\" }", "6:37", "found '1 d'"),
                invalid("budget: { limit: 2000, per: 86400 }", "6:37", "found '86400'"),
                invalid("budget: { limit: 2000, per: 99999999999999999999d }", "6:37",
                        "'per' must be at most 36500d (100 years), found '99999999999999999999d'"),
                invalid("budget: { limit: 2000, per: 999999999999999d }", "6:37", "'per' must be at most 36500d"),
                invalid("budget: { limit: 2000, per: 9223372036854775807s }", "6:37", "'per' must be at most 36500d"),
                invalid("rate: { calls: 1, per: 36501d }", "6:32", "'per' must be at most 36500d (100 years), found '36501d'"),
                invalid("budget: { limit: 2000, per: }", "6:36", "'per' must be a duration such as 30s, 5m, 1h or 1d, found nothing"),
                invalid("rate: 10/1m", "6:15", "'rate' must be a mapping of calls and per, found a scalar"),
                invalid("rate: { calls: 1.5, per: 1m }", "6:24", "'calls' must be a positive whole number, found '1.5'"),
                invalid("rate: { calls: 10.0, per: 1m }", "6:24", "'calls' must be a positive whole number, found '10.0'"),
                invalid("rate: { calls: 0, per: 1m }", "6:24", "'calls' must be a positive whole number, found '0'"),
                invalid("rate: { calls: ten, per: 1m }", "6:24", "'calls' must be a positive whole number, found 'ten'"),
                invalid("rate: { calls: 10 }", "6:15", "'rate' is missing required key 'per'"),
                invalid("rate: { calls: 10, per: 1m, burst: 3 }", "6:37", "unknown key 'burst' (expected one of: calls, per)"),
                invalid("rate: { calls: 10, per: -1m }", "6:33", "'per' must be a duration such as 30s, 5m, 1h or 1d, found '-1m'"),
                invalid("active: MON-FRI", "6:17", "'active' must be a mapping of days, from, to and zone, found a scalar"),
                invalid("active:", "6:16", "'active' must be a mapping of days, from, to and zone, found nothing"),
                invalid("active: { weekdays: MON }", "6:19", "unknown key 'weekdays' (expected one of: days, from, to, zone)"),
                invalid("active: { days: Mon-Fri }", "6:25",
                        "'days' must be days such as MON-FRI, MON,WED,FRI or [MON, WED], found 'Mon-Fri'"),
                invalid("active: { days: MONDAY }", "6:25", "found 'MONDAY'"),
                invalid("active: { days: \"MON,,FRI\" }", "6:25", "found 'MON,,FRI'"),
                invalid("active: { days: \"MON, WED\" }", "6:25", "found 'MON, WED'"),
                invalid("active: { days: MON-TUE-WED }", "6:25", "found 'MON-TUE-WED'"),
                invalid("active: { days: MON- }", "6:25", "found 'MON-'"),
                invalid("active: { days: [MON, Funday] }", "6:31", "found 'Funday'"),
                invalid("active: { days: [MON, \"TUE,WED\"] }", "6:31", "found 'TUE,WED'"),
                invalid("active: { days: [MON, [TUE]] }", "6:31", "'days' must be days such as MON-FRI, MON,WED,FRI or [MON, WED], found a list"),
                invalid("active: { days: [] }", "6:25", "'days' must not be empty (leave it out for every day)"),
                invalid("active: { days: {MON: 1} }", "6:25", "found a mapping"),
                invalid("active: { days: }", "6:24", "found nothing"),
                invalid("active: { from: \"8:00\" }", "6:25", "'from' must be a time of day HH:mm such as 08:00, found '8:00'"),
                invalid("active: { from: \"24:00\" }", "6:25", "'from' must be a time of day HH:mm such as 08:00, found '24:00'"),
                invalid("active: { from: \"08:60\" }", "6:25", "found '08:60'"),
                invalid("active: { from: \"08:00:00\" }", "6:25", "found '08:00:00'"),
                invalid("active: { from: 800 }", "6:25", "found '800'"),
                invalid("active: { to: \"24:01\" }", "6:23",
                        "'to' must be a time of day HH:mm such as 18:00 or 24:00, found '24:01'"),
                invalid("active: { to: \"25:00\" }", "6:23", "found '25:00'"),
                invalid("active: { from: \"18:00\", to: \"08:00\" }", "6:38",
                        "'to' must be after 'from' (18:00), found '08:00' (a window cannot cross midnight: write two grants)"),
                invalid("active: { from: \"08:00\", to: \"08:00\" }", "6:38", "'to' must be after 'from' (08:00), found '08:00'"),
                invalid("active: { to: \"00:00\" }", "6:23", "'to' must be after 'from' (00:00), found '00:00'"),
                invalid("active: { zone: Mars/Olympus }", "6:25",
                        "'zone' must be a time zone such as UTC or Europe/Berlin, found 'Mars/Olympus'"),
                invalid("active: { zone: \"\" }", "6:25", "'zone' must be a time zone such as UTC or Europe/Berlin, found ''"),
                invalid("active: { zone: [UTC] }", "6:25", "found a list"),
                invalid("expires: 2026-12-31", "6:18",
                        "'expires' must be an instant such as 2026-12-31T00:00:00Z, found '2026-12-31'"),
                invalid("expires: 2026-12-31T00:00:00", "6:18", "found '2026-12-31T00:00:00'"),
                invalid("expires: 2026-13-01T00:00:00Z", "6:18", "found '2026-13-01T00:00:00Z'"),
                invalid("expires: never", "6:18", "found 'never'"),
                invalid("expires: [2026-12-31T00:00:00Z]", "6:18", "found a list"),
                invalid("expires:", "6:17", "'expires' must be an instant such as 2026-12-31T00:00:00Z, found nothing"));
    }

    private static Arguments invalid(String line, String position, String fragment) {
        return Arguments.of(line, position, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLimits")
    void parse_invalidLimit_isRefusedAtItsPosition(String line, String position, String fragment) {
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(GRANT + "        " + line + "\n", "charter.yaml"));
        assertTrue(e.getMessage().startsWith("charter.yaml:" + position + ": "), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }

    @Test
    void parse_everyLimit_isRead() throws PolicyException {
        Limits limits = limitsOf("""
                max-per-call: 500
                        budget: { limit: 2000, per: 1d }
                        rate: { calls: 10, per: 1m }
                        active: { days: MON-FRI, from: "08:00", to: "18:00", zone: Europe/Berlin }
                        expires: 2026-12-31T00:00:00Z""");
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        assertEquals(new Limits("charter.yaml:5", "user:alice", new BigDecimal("500"),
                new Window(new BigDecimal("2000"), Duration.ofDays(1), "2000/1d"),
                new Window(new BigDecimal("10"), Duration.ofMinutes(1), "10/1m"),
                new Active(weekdays, LocalTime.of(8, 0), LocalTime.of(18, 0), ZoneId.of("Europe/Berlin"),
                        "MON-FRI 08:00-18:00 Europe/Berlin"),
                Instant.parse("2026-12-31T00:00:00Z"), "payments:refund", List.of()), limits);
        assertFalse(limits.none());
    }

    @Test
    void parse_blockStyleLimits_areRead() throws PolicyException {
        Limits limits = limitsOf("""
                budget:
                          limit: 2000.50
                          per: 30s
                        active:
                          days:
                            - SAT
                            - SUN""");
        assertEquals(new Window(new BigDecimal("2000.50"), Duration.ofSeconds(30), "2000.50/30s"), limits.budget());
        assertEquals(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), limits.active().days());
        assertEquals("SAT,SUN 00:00-24:00 UTC", limits.active().text());
    }

    @Test
    void parse_grantWithoutLimits_hasNone() throws PolicyException {
        Limits limits = Policy.parse(GRANT, "charter.yaml").limits("user:alice", "payments:refund", "order/1").get(0).get(0);
        assertEquals(new Limits("charter.yaml:5", "user:alice", null, null, null, null, null, "payments:refund", List.of()),
                limits);
        assertTrue(limits.none());
    }

    @ParameterizedTest(name = "per: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1ms         | PT0.001S
            250ms       | PT0.25S
            30s         | PT30S
            5m          | PT5M
            1h          | PT1H
            1d          | PT24H
            7d          | PT168H
            007s        | PT7S
            90m         | PT1H30M
            """)
    void parse_duration_isRead(String written, Duration expected) throws PolicyException {
        Window rate = limitsOf("rate: { calls: 3, per: " + written + " }").rate();
        assertEquals(new Window(new BigDecimal("3"), expected, "3/" + written), rate);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            max-per-call: 0             | 0
            max-per-call: 12.50         | 12.50
            max-per-call: 1e3           | 1000
            max-per-call: 0.01          | 0.01
            max-per-call: 999999999999999999.5 | 999999999999999999.5
            max-per-call: !!float '7'   | 7
            """)
    void parse_maxPerCall_isReadAsWritten(String line, BigDecimal expected) throws PolicyException {
        BigDecimal read = limitsOf(line).maxPerCall();
        assertEquals(expected, read);
        assertEquals(expected.scale(), read.scale());
    }

    @ParameterizedTest(name = "days: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            MON-FRI               | MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY      | MON-FRI
            '\"MON,WED,FRI\"'     | MONDAY,WEDNESDAY,FRIDAY                       | MON,WED,FRI
            '[MON, WED]'          | MONDAY,WEDNESDAY                              | MON,WED
            SAT-SUN               | SATURDAY,SUNDAY                               | SAT-SUN
            FRI-MON               | FRIDAY,SATURDAY,SUNDAY,MONDAY                 | FRI-MON
            SUN-SAT               | MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY | SUN-SAT
            WED-WED               | WEDNESDAY                                     | WED-WED
            SUN                   | SUNDAY                                        | SUN
            '\"MON-WED,FRI\"'     | MONDAY,TUESDAY,WEDNESDAY,FRIDAY               | MON-WED,FRI
            '[MON-TUE, SAT]'      | MONDAY,TUESDAY,SATURDAY                       | MON-TUE,SAT
            '[MON, MON]'          | MONDAY                                        | MON,MON
            """)
    void parse_days_areRead(String written, String expected, String text) throws PolicyException {
        Active active = limitsOf("active: { days: " + written + " }").active();
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : expected.split(",")) {
            days.add(DayOfWeek.valueOf(day));
        }
        assertEquals(days, active.days());
        assertEquals(text + " 00:00-24:00 UTC", active.text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            '{}'                                          | 00:00 | 00:00 | UTC              | every day 00:00-24:00 UTC
            '{from: \"09:30\"}'                           | 09:30 | 00:00 | UTC              | every day 09:30-24:00 UTC
            '{to: \"17:45\"}'                             | 00:00 | 17:45 | UTC              | every day 00:00-17:45 UTC
            '{from: \"00:00\", to: \"24:00\"}'            | 00:00 | 00:00 | UTC              | every day 00:00-24:00 UTC
            '{from: \"23:59\", to: \"24:00\"}'            | 23:59 | 00:00 | UTC              | every day 23:59-24:00 UTC
            '{from: 08:00, to: 18:00}'                    | 08:00 | 18:00 | UTC              | every day 08:00-18:00 UTC
            '{zone: America/New_York}'                    | 00:00 | 00:00 | America/New_York | every day 00:00-24:00 America/New_York
            '{zone: \"+02:00\"}'                          | 00:00 | 00:00 | +02:00           | every day 00:00-24:00 +02:00
            '{zone: Z}'                                   | 00:00 | 00:00 | Z                | every day 00:00-24:00 Z
            """)
    void parse_activeTimesAndZone_areRead(String active, LocalTime from, LocalTime to, String zone, String text)
            throws PolicyException {
        Active read = limitsOf("active: " + active).active();
        assertEquals(new Active(EnumSet.allOf(DayOfWeek.class), from, to, ZoneId.of(zone), text), read);
    }

    @ParameterizedTest(name = "expires: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-31T00:00:00Z             | 2026-12-31T00:00:00Z
            '\"2026-12-31T00:00:00Z\"'       | 2026-12-31T00:00:00Z
            2026-12-31T01:00:00+01:00        | 2026-12-31T00:00:00Z
            2026-06-30T23:59:59.250Z         | 2026-06-30T23:59:59.250Z
            1970-01-01T00:00:00Z             | 1970-01-01T00:00:00Z
            """)
    void parse_expires_isReadAsInstant(String written, Instant expected) throws PolicyException {
        assertEquals(expected, limitsOf("expires: " + written).expires());
    }

    @Test
    void parse_limitsOfSeveralGrants_nameTheirOwnLines() throws PolicyException {
        Policy policy = Policy.parse(GRANT + """
                        max-per-call: 1
                      - scope: "payments:*"
                        resources: [order/*]
                        rate: { calls: 1, per: 1s }
                """, "charter.yaml");
        List<Limits> limits = policy.limits("user:alice", "payments:refund", "order/1").get(0);
        assertEquals(List.of("charter.yaml:5", "charter.yaml:7"), limits.stream().map(Limits::rule).toList());
        assertEquals(new BigDecimal("1"), limits.get(0).maxPerCall());
        assertNull(limits.get(0).rate());
        assertEquals("1/1s", limits.get(1).rate().text());
    }

    /** The limits of the one grant of {@code GRANT} with {@code lines} added (the first one unindented). */
    private static Limits limitsOf(String lines) throws PolicyException {
        Policy policy = Policy.parse(GRANT + "        " + lines + "\n", "charter.yaml");
        return policy.limits("user:alice", "payments:refund", "order/1").get(0).get(0);
    }
}
