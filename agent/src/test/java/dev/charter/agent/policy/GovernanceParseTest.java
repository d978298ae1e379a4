package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the {@code governance} list parses to, and what is refused where. */
class GovernanceParseTest {

    /** A policy whose governance rules start at line 4. */
    private static final String GOVERNANCE = "version: 1\nidentities: {}\ngovernance:\n";

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                invalid("a mapping", "version: 1\nidentities: {}\ngovernance: {}\n", "3:13",
                        "'governance' must be a list of rules, found a mapping"),
                invalid("a scalar", "version: 1\nidentities: {}\ngovernance: approval\n", "3:13",
                        "'governance' must be a list of rules, found a scalar"),
                rule("rule a scalar", "  - payments:refund", "4:5",
                        "a governance rule must be a mapping with a 'scope', an 'exclusive' or a 'shared', found a scalar"),
                rule("rule a list", "  - [a]", "4:5", "a governance rule must be a mapping with a 'scope', an 'exclusive' or a 'shared', found a list"),
                rule("neither shape", "  - defer: approval", "4:5",
                        "a governance rule must have a 'scope' (to defer), an 'exclusive' or a 'shared'"),
                rule("empty rule", "  - {}", "4:5", "a governance rule must have a 'scope' (to defer), an 'exclusive' or a 'shared'"),
                rule("both shapes", "  - {scope: a, exclusive: b, defer: approval}", "4:16",
                        "a governance rule has one of 'scope' (to defer), 'exclusive' and 'shared', not two (write two rules)"),
                rule("shared and exclusive", "  - {exclusive: a, shared: b}", "4:20", "not two"),
                rule("shared with a lease", "  - {shared: a, lease: 30s}", "4:17", "unknown key 'lease' (expected one of: shared)"),
                rule("bad shared", "  - {shared: \"a,\"}", "4:14", "scope pattern 'a,' has an empty alternative"),
                rule("duplicate key", "  - {scope: a, scope: b, defer: approval}", "4:16", "duplicate key 'scope' (first at line 4)"),
                rule("scope without defer", "  - {scope: a}", "4:5", "a governance rule with 'scope' is missing required key 'defer'"),
                rule("defer not approval", "  - {scope: a, defer: manual}", "4:23", "'defer' must be approval, found 'manual'"),
                rule("defer empty", "  - {scope: a, defer: }", "4:22", "'defer' must be approval, found nothing"),
                rule("defer a list", "  - {scope: a, defer: [approval]}", "4:23", "'defer' must be approval, found a list"),
                rule("lease on a deferral", "  - {scope: a, defer: approval, lease: 30s}", "4:33",
                        "unknown key 'lease' (expected one of: scope, when, defer)"),
                rule("bad scope", "  - {scope: \"a::b\", defer: approval}", "4:13", "scope pattern 'a::b' has an empty segment"),
                rule("scope a list", "  - {scope: [a], defer: approval}", "4:13", "'scope' must be a scope pattern, found a list"),
                rule("when never", "  - {scope: a, defer: approval, when: never}", "4:39",
                        "'when' must be always or a mapping with 'spend-over', found 'never'"),
                rule("when Always", "  - {scope: a, defer: approval, when: Always}", "4:39", "found 'Always'"),
                rule("when a list", "  - {scope: a, defer: approval, when: [always]}", "4:39", "found a list"),
                rule("when empty", "  - {scope: a, defer: approval, when: }", "4:38", "found nothing"),
                rule("when unknown key", "  - {scope: a, defer: approval, when: {spend-under: 5}}", "4:40",
                        "unknown key 'spend-under' (expected one of: spend-over)"),
                rule("when without spend-over", "  - {scope: a, defer: approval, when: {}}", "4:39",
                        "'when' is missing required key 'spend-over'"),
                rule("spend-over negative", "  - {scope: a, defer: approval, when: {spend-over: -1}}", "4:52",
                        "'spend-over' must be a number >= 0, found '-1'"),
                rule("spend-over quoted", "  - {scope: a, defer: approval, when: {spend-over: '1000'}}", "4:52",
                        "'spend-over' must be a number >= 0, found '1000'"),
                rule("defer on an exclusive", "  - {exclusive: a, defer: approval}", "4:20",
                        "unknown key 'defer' (expected one of: exclusive, lease)"),
                rule("bad exclusive", "  - {exclusive: \"a,\"}", "4:17", "scope pattern 'a,' has an empty alternative"),
                rule("exclusive empty", "  - {exclusive: }", "4:16", "'exclusive' must be a scope pattern, found nothing"),
                rule("lease not a duration", "  - {exclusive: a, lease: forever}", "4:27",
                        "'lease' must be a duration such as 30s, 5m, 1h or 1d, found 'forever'"),
                rule("lease zero", "  - {exclusive: a, lease: 0ms}", "4:27", "'lease' must be positive, found '0ms'"),
                rule("lease overflowing", "  - {exclusive: a, lease: 9223372036854775807s}", "4:27",
                        "'lease' must be at most 36500d (100 years), found '9223372036854775807s'"),
                rule("lease a number", "  - {exclusive: a, lease: 30}", "4:27", "found '30'"),
                rule("second rule bad", "  - {exclusive: a}\n  - exclusive: b\n    lease: 1x", "6:12",
                        "'lease' must be a duration such as 30s, 5m, 1h or 1d, found '1x'"));
    }

    private static Arguments rule(String name, String lines, String position, String fragment) {
        return invalid(name, GOVERNANCE + lines + "\n", position, fragment);
    }

    private static Arguments invalid(String name, String yaml, String position, String fragment) {
        return Arguments.of(name, yaml, position, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void parse_invalidRule_isRefusedAtItsPosition(String name, String yaml, String position, String fragment) {
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        assertTrue(e.getMessage().startsWith("charter.yaml:" + position + ": "), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
    }

    @Test
    void parse_everyRuleShape_isRead() throws PolicyException {
        Policy policy = Policy.parse(GOVERNANCE + """
                  - scope: "payments:refund"
                    when: { spend-over: 1000 }
                    defer: approval
                  - scope: "payments:*"
                    when: always
                    defer: approval
                  - {scope: payments, defer: approval, when: {spend-over: 0.5}}
                  - exclusive: "catalog:price:*"
                    lease: 30s
                  - exclusive: "inventory:*"
                """, "charter.yaml");
        assertEquals(List.of(
                new Deferral("charter.yaml:4", "payments:refund", new BigDecimal("1000")),
                new Deferral("charter.yaml:7", "payments:*", null),
                new Deferral("charter.yaml:10", "payments", new BigDecimal("0.5"))), policy.deferrals("payments:refund"));
        assertEquals(new Exclusive("charter.yaml:11", "catalog:price:*", Duration.ofSeconds(30)),
                policy.exclusive("catalog:price:write"));
        assertEquals(new Exclusive("charter.yaml:13", "inventory:*", null), policy.exclusive("inventory:count"));
    }

    @ParameterizedTest(name = "governance: [{0}]")
    @ValueSource(strings = {"", "[]", "  # nothing yet"})
    void parse_noRules_isValid(String rules) throws PolicyException {
        Policy policy = Policy.parse(GOVERNANCE.replace("governance:\n", "governance: " + rules + "\n"), "charter.yaml");
        assertEquals(List.of(), policy.deferrals("payments:refund"));
        assertEquals(null, policy.exclusive("payments:refund"));
        assertEquals(List.of(), policy.overlaps());
    }

    @Test
    void parse_governanceBeforeIdentities_isRead() throws PolicyException {
        Policy policy = Policy.parse("version: 1\ngovernance:\n  - {scope: a, defer: approval}\nidentities: {}\n", "charter.yaml");
        assertEquals(List.of(new Deferral("charter.yaml:3", "a", null)), policy.deferrals("a:b"));
    }
}
