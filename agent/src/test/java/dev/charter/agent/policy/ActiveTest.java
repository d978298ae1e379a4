package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When {@link Active#contains} lets a grant be used: its edges, weekends and time zones. */
class ActiveTest {

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # 2025-01-15 is a Wednesday; Berlin is UTC+1 in January and UTC+2 in July
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-15T07:00:00Z     | true
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-15T06:59:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-15T06:59:59.999Z | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-15T16:59:59Z     | true
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-15T17:00:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-17T16:30:00Z     | true
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-18T10:00:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-01-19T10:00:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-07-16T06:00:00Z     | true
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-07-16T05:59:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\", zone: Europe/Berlin}' | 2025-07-16T16:00:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\"}'                      | 2025-01-15T08:00:00Z     | true
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\"}'                      | 2025-01-15T07:59:00Z     | false
            '{days: MON-FRI, from: \"08:00\", to: \"18:00\"}'                      | 2025-01-15T18:00:00Z     | false
            # across the date line: Sunday 20:00 UTC is Monday 09:00 in Auckland (UTC+13)
            '{days: MON, zone: Pacific/Auckland}'                                 | 2025-01-12T20:00:00Z     | true
            '{days: MON, zone: Pacific/Auckland}'                                 | 2025-01-12T10:59:59Z     | false
            '{days: MON, zone: Pacific/Auckland}'                                 | 2025-01-12T11:00:00Z     | true
            '{days: MON}'                                                         | 2025-01-12T20:00:00Z     | false
            '{days: SUN, zone: America/Los_Angeles}'                              | 2025-01-13T05:00:00Z     | true
            '{days: SUN}'                                                         | 2025-01-13T05:00:00Z     | false
            '{days: SAT-SUN, zone: \"+14:00\"}'                                   | 2025-01-17T10:00:00Z     | true
            '{days: SAT-SUN, zone: \"+14:00\"}'                                   | 2025-01-17T09:59:59Z     | false
            # to 24:00 is the end of the day
            '{days: MON, to: \"24:00\"}'                                          | 2025-01-13T23:59:59Z     | true
            '{days: MON, to: \"24:00\"}'                                          | 2025-01-14T00:00:00Z     | false
            '{days: MON}'                                                         | 2025-01-13T00:00:00Z     | true
            '{days: MON}'                                                         | 2025-01-12T23:59:59Z     | false
            '{from: \"23:59\"}'                                                   | 2025-01-13T23:59:00Z     | true
            '{from: \"23:59\"}'                                                   | 2025-01-13T23:58:59Z     | false
            '{from: \"23:59\"}'                                                   | 2025-01-14T00:00:00Z     | false
            '{to: \"00:01\"}'                                                     | 2025-01-14T00:00:59Z     | true
            '{to: \"00:01\"}'                                                     | 2025-01-14T00:01:00Z     | false
            '{}'                                                                  | 2025-01-18T12:00:00Z     | true
            """)
    void contains_table(String active, Instant instant, boolean expected) throws PolicyException {
        assertEquals(expected, parse(active).contains(instant));
    }

    @Test
    void constructor_copiesDaysUnmodifiable() {
        Set<DayOfWeek> days = EnumSet.of(DayOfWeek.MONDAY);
        Active active = new Active(days, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC"), "MON 00:00-24:00 UTC");
        days.add(DayOfWeek.TUESDAY);
        assertFalse(active.contains(Instant.parse("2025-01-14T12:00:00Z")));
        assertThrows(UnsupportedOperationException.class, () -> active.days().add(DayOfWeek.SUNDAY));
    }

    @Test
    void constructor_noDays_isNeverActive() {
        Active active = new Active(Set.of(), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC"), "none");
        assertTrue(active.days().isEmpty());
        assertFalse(active.contains(Instant.parse("2025-01-14T12:00:00Z")));
    }

    private static Active parse(String active) throws PolicyException {
        Policy policy = Policy.parse("""
                version: 1
                identities:
                  user:alice:
                    grants:
                      - scope: a
                        active: %s
                """.formatted(active), "charter.yaml");
        return policy.limits("user:alice", "a", null).get(0).get(0).active();
    }
}
