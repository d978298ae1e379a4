package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each level of a chain decides on its own grants, over {@code policy/example.yaml}, and how that makes the decision. */
class PolicyLevelsTest {

    private static Policy policy;

    @BeforeAll
    static void parseExample() throws IOException, PolicyException {
        try (InputStream in = PolicyLevelsTest.class.getResourceAsStream("/policy/example.yaml")) {
            policy = Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "charter.yaml");
        }
    }

    /** Levels are "reason rule" (rule's line, or - when none) separated by ";", the identity first. */
    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            user:alice          | orders:read         | -          | granted 6
            agent:refund-bot    | payments:refund     | order/EU-1 | granted 11; granted 7
            agent:refund-bot    | payments:chargeback | order/CH-3 | granted 13; no rule grants it -
            agent:refund-helper | payments:refund     | order/US-9 | granted 19; resource not granted 11; granted 7
            agent:refund-helper | orders:write        | -          | granted 20; no rule grants it -; granted 6
            agent:refund-helper | catalog:price:write | sku/1      | no rule grants it -; no rule grants it -; no rule grants it -
            agent:nobody        | orders:read         | -          | -
            """)
    void levels_table(String identity, String scope, String resource, String expected) {
        List<String> levels = policy.levels(identity, scope, resource).stream()
                .map(level -> level.reason() + " " + (level.rule() == null ? "-" : level.rule().substring("charter.yaml:".length())))
                .toList();
        assertEquals(expected == null ? List.of() : Arrays.asList(expected.split("; ")), levels);
    }

    /** Over every identity and a spread of calls: decide allows exactly when every level does, and otherwise refuses as documented. */
    @Test
    void levels_makeTheDecision() {
        List<String> scopes = List.of("orders:read", "orders:write", "payments:refund", "payments:refund:partial",
                "payments:chargeback", "catalog:price:write", "payments");
        List<String> resources = new ArrayList<>(List.of("order/EU-1", "order/EU-2", "order/CH-3", "order/US-9", "sku/1"));
        resources.add(null);
        for (String identity : policy.identities()) {
            for (String scope : scopes) {
                for (String resource : resources) {
                    List<Decision> levels = policy.levels(identity, scope, resource);
                    Decision decision = policy.decide(identity, scope, resource);
                    String what = identity + " " + scope + " " + resource;
                    assertEquals(levels.size(), policy.chain(identity).size() + 1, what);
                    assertEquals(levels.stream().allMatch(Decision::allowed), decision.allowed(), what);
                    if (decision.allowed() || !levels.get(0).allowed()) {
                        assertEquals(levels.get(0), decision, what);
                    } else {
                        assertEquals("exceeds the authority of principal " + policy.chain(identity).get(0), decision.reason(), what);
                    }
                }
            }
        }
    }

    @Test
    void levels_ofAPattern_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> policy.levels("user:alice", "orders:*", null));
    }
}
