package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Limits, deferrals, exclusive rules and overlaps over {@code policy/governed.yaml}: three levels of delegation. */
class PolicyGovernedTest {

    private static Policy policy;

    @BeforeAll
    static void parseExample() throws IOException, PolicyException {
        try (InputStream in = PolicyGovernedTest.class.getResourceAsStream("/policy/governed.yaml")) {
            policy = Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "charter.yaml");
        }
    }

    /** Each call's limits as the rules of its levels: levels by ';', a level's grants by ','; '-' for none. */
    @ParameterizedTest(name = "{0} {1} on {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            agent:refund-helper | payments:refund         | order/EU-1 | 26;12,19;6
            agent:refund-helper | payments:refund         | order/EU-2 | 26;12;6
            agent:refund-helper | payments:refund:partial | order/EU-2 | 26;12;6
            agent:refund-bot    | payments:refund         | order/EU-1 | 12,19;6
            agent:refund-bot    | payments:capture        | order/EU-1 | 19;6
            user:alice          | payments:refund         | order/US-9 | 6
            user:alice          | orders:read             | -          | 8
            agent:refund-bot    | orders:read             | -          | 22;8
            agent:refund-helper | payments:refund         | order/US-9 | -
            agent:refund-helper | payments:refund         | -          | -
            agent:refund-bot    | payments:capture        | order/EU-2 | -
            agent:refund-helper | orders:read             | -          | -
            agent:ghost         | payments:refund         | order/EU-1 | -
            """)
    void limits_areGivenPerLevelInFileOrder(String identity, String scope, String resource, String expected) {
        List<List<Limits>> limits = policy.limits(identity, scope, resource);
        assertEquals(policy.decide(identity, scope, resource).allowed(), !limits.isEmpty());
        List<String> levels = new ArrayList<>();
        for (List<Limits> level : limits) {
            levels.add(String.join(",", level.stream().map(l -> l.rule().substring("charter.yaml:".length())).toList()));
        }
        assertEquals(expected == null ? "" : expected, String.join(";", levels));
        List<String> chain = new ArrayList<>(List.of(identity));
        chain.addAll(policy.chain(identity));
        for (int i = 0; i < limits.size(); i++) {
            for (Limits grant : limits.get(i)) {
                assertEquals(chain.get(i), grant.identity());
            }
        }
    }

    @Test
    void limits_ofOneCall_holdEachGrantsParts() {
        List<List<Limits>> limits = policy.limits("agent:refund-helper", "payments:refund", "order/EU-1");
        Limits helper = limits.get(0).get(0);
        assertEquals(new Limits("charter.yaml:26", "agent:refund-helper", null, null,
                new Window(new BigDecimal("2"), Duration.ofSeconds(1), "2/1s"), null, null, "payments:refund", List.of()),
                helper);
        Limits bot = limits.get(1).get(0);
        assertEquals(new BigDecimal("500"), bot.maxPerCall());
        assertEquals("2000/1d", bot.budget().text());
        assertEquals("10/1m", bot.rate().text());
        assertEquals("MON-FRI 08:00-18:00 Europe/Berlin", bot.active().text());
        assertEquals(new BigDecimal("50"), limits.get(1).get(1).maxPerCall());
        assertEquals(new Window(new BigDecimal("5000"), Duration.ofDays(1), "5000/1d"), limits.get(2).get(0).budget());
        assertThrows(UnsupportedOperationException.class, () -> limits.get(0).add(helper));
        assertThrows(UnsupportedOperationException.class, () -> limits.add(List.of()));
    }

    @Test
    void limits_ofGrantWithout_areNone() {
        Limits orders = policy.limits("user:alice", "orders:read", null).get(0).get(0);
        assertTrue(orders.none());
        assertEquals(new Limits("charter.yaml:8", "user:alice", null, null, null, null, null, "orders:*", List.of()), orders);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            agent:refund-helper | payments:refund     | true
            user:alice          | payments:capture    | true
            agent:refund-bot    | payments:capture    | true
            user:alice          | orders:read         | false
            agent:refund-bot    | orders:read         | false
            agent:refund-helper | orders:read         | false
            agent:pricing-bot   | catalog:price:write | true
            agent:pricing-bot   | catalog:stock       | true
            agent:pricing-bot   | inventory:count     | true
            agent:pricing-bot   | orders:read         | false
            agent:ghost         | payments:chargeback | true
            agent:ghost         | orders:read         | false
            user:alice          | payments            | true
            """)
    void constrained_table(String identity, String scope, boolean expected) {
        assertEquals(expected, policy.constrained(identity, scope));
    }

    @Test
    void constrained_withoutLimitsOrGovernance_isFalseForEveryDeclaredIdentity() throws PolicyException {
        Policy plain = Policy.parse("version: 1\nidentities:\n  user:a:\n    grants: [{scope: '*'}]\n", "charter.yaml");
        assertFalse(plain.constrained("user:a", "payments:refund"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            payments:refund         | 37,40
            payments:refund:partial | 37,40
            payments:chargeback     | 40
            payments:capture        | -
            payments                | -
            orders:read             | -
            """)
    void deferrals_matchingScope_inFileOrder(String scope, String lines) {
        List<String> expected = lines == null ? List.of()
                : Arrays.stream(lines.split(",")).map(line -> "charter.yaml:" + line).toList();
        assertEquals(expected, policy.deferrals(scope).stream().map(Deferral::rule).toList());
    }

    @Test
    void deferrals_holdTheirThreshold() {
        List<Deferral> deferrals = policy.deferrals("payments:refund");
        assertEquals(new Deferral("charter.yaml:37", "payments:refund", new BigDecimal("1000")), deferrals.get(0));
        assertEquals(new Deferral("charter.yaml:40", "payments:refund,chargeback", null), deferrals.get(1));
    }

    @ParameterizedTest(name = "{0} over {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            1000    | -        | false
            1000    | 999.99   | false
            1000    | 1000     | false
            1000    | 1000.00  | false
            1000    | 1000.01  | true
            0       | 0        | false
            0       | 0.001    | true
            -       | -        | true
            -       | 0        | true
            """)
    void applies_onlyAboveSpendOver(BigDecimal spendOver, BigDecimal spend, boolean expected) {
        assertEquals(expected, new Deferral("charter.yaml:1", "a", spendOver).applies(spend));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            catalog:price:write  | 43
            catalog:price        | 43
            catalog:price:write:eu | 43
            catalog:stock        | 45
            catalog              | 45
            inventory:count      | 47
            inventory            | 47
            orders:read          | -
            """)
    void exclusive_isTheFirstMatchingRule(String scope, String line) {
        Exclusive exclusive = policy.exclusive(scope);
        if (line == null) {
            assertNull(exclusive);
        } else {
            assertEquals("charter.yaml:" + line, exclusive.rule());
        }
    }

    @Test
    void exclusive_holdsItsLease() {
        assertEquals(new Exclusive("charter.yaml:43", "catalog:price:*", Duration.ofSeconds(30)), policy.exclusive("catalog:price:write"));
        assertEquals(new Exclusive("charter.yaml:47", "inventory:*", null), policy.exclusive("inventory:count"));
    }

    @Test
    void overlaps_underLeases_areListed() {
        Exclusive price = policy.exclusive("catalog:price:write");
        Exclusive catalog = policy.exclusive("catalog:stock");
        assertEquals(List.of(
                new Overlap(price, "agent:pricing-bot", "charter.yaml:30", "agent:promo-bot", "charter.yaml:34",
                        "catalog:price:write", "sku/us/x"),
                new Overlap(catalog, "agent:pricing-bot", "charter.yaml:30", "agent:promo-bot", "charter.yaml:34",
                        "catalog:price:write", "sku/us/x")), policy.overlaps());
    }

    @Test
    void parse_specExampleWithoutActions_isValid() throws PolicyException {
        Policy spec = Policy.parse("""
                version: 1
                mode: enforce
                identities:
                  user:alice:
                    grants:
                      - scope: "orders:*"
                      - scope: "payments:*"
                        budget: { limit: 5000, per: 1d }
                  agent:refund-bot:
                    on-behalf-of: user:alice
                    grants:
                      - scope: "payments:refund"
                        resources: ["order/EU-*"]
                        max-per-call: 500
                        budget: { limit: 2000, per: 1d }
                        rate: { calls: 10, per: 1m }
                        active: { days: MON-FRI, from: "08:00", to: "18:00", zone: Europe/Berlin }
                        expires: 2026-12-31T00:00:00Z
                  agent:pricing-bot:
                    grants:
                      - scope: "catalog:price:write"
                        resources: ["sku/**"]
                governance:
                  - scope: "payments:refund"
                    when: { spend-over: 1000 }
                    defer: approval
                  - exclusive: "catalog:price:*"
                    lease: 30s
                """, "charter.yaml");
        assertEquals(List.of(List.of("charter.yaml:12"), List.of("charter.yaml:7")),
                spec.limits("agent:refund-bot", "payments:refund", "order/EU-7").stream()
                        .map(level -> level.stream().map(Limits::rule).toList()).toList());
        assertEquals(List.of(), spec.overlaps());
        assertTrue(spec.constrained("agent:pricing-bot", "catalog:price:write"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            payments:*
            ''
            """)
    void newQueries_patternInsteadOfActionScope_isRejected(String scope) {
        assertThrows(IllegalArgumentException.class, () -> policy.limits("user:alice", scope, null));
        assertThrows(IllegalArgumentException.class, () -> policy.constrained("user:alice", scope));
        assertThrows(IllegalArgumentException.class, () -> policy.deferrals(scope));
        assertThrows(IllegalArgumentException.class, () -> policy.exclusive(scope));
    }
}
