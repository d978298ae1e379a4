package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structural check of exclusive scopes: which identities' effective authority overlap, through
 * wildcards, globs and delegation, and the error an exclusive rule without a lease makes of it.
 */
class PolicyOverlapTest {

    /** Each case: identities (declared from line 3), the exclusive pattern, and its overlaps as "first line second line scope resource". */
    static Stream<Arguments> cases() {
        return Stream.of(
                overlap("sku/** and sku/eu/*", """
                          agent:pricing-bot:
                            grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
                          agent:promo-bot:
                            grants: [{scope: "catalog:price:write", resources: ["sku/eu/*"]}]
                        """, "catalog:price:*",
                        "agent:pricing-bot 4 agent:promo-bot 6 catalog:price:write sku/eu/x"),
                overlap("catalog:* and catalog:price:write", """
                          agent:a:
                            grants: [{scope: "catalog:*"}]
                          agent:b:
                            grants: [{scope: "catalog:price:write"}]
                        """, "catalog:price:*", "agent:a 4 agent:b 6 catalog:price:write x"),
                overlap("catalog and catalog:price:*", """
                          agent:a:
                            grants: [{scope: catalog}]
                          agent:b:
                            grants: [{scope: "catalog:price:*", resources: ["sku/1"]}]
                        """, "catalog:price:*", "agent:a 4 agent:b 6 catalog:price:x sku/1"),
                overlap("alternatives meet in one", """
                          agent:a:
                            grants: [{scope: "catalog:price:read,write"}]
                          agent:b:
                            grants: [{scope: "catalog:price:write,delete"}]
                        """, "catalog:*", "agent:a 4 agent:b 6 catalog:price:write x"),
                overlap("disjoint scope patterns", """
                          agent:a:
                            grants: [{scope: "catalog:price:write"}]
                          agent:b:
                            grants: [{scope: "catalog:price:read"}]
                        """, "catalog:price:*"),
                overlap("disjoint globs", """
                          agent:eu-bot:
                            grants: [{scope: "payments:refund", resources: ["order/EU-*"]}]
                          agent:us-bot:
                            grants: [{scope: "payments:refund", resources: ["order/US-*"]}]
                        """, "payments:*"),
                overlap("outside the exclusive pattern", """
                          agent:a:
                            grants: [{scope: "orders:*"}]
                          agent:b:
                            grants: [{scope: "orders:*"}]
                        """, "catalog:*"),
                overlap("an identity and its delegate", """
                          user:alice:
                            grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
                        """, "catalog:price:*"),
                overlap("an identity and its delegate's delegate", """
                          user:alice:
                            grants: [{scope: "catalog:*"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "catalog:price:*"}]
                          agent:helper:
                            on-behalf-of: agent:bot
                            grants: [{scope: "catalog:price:*"}]
                        """, "catalog:price:*"),
                overlap("sibling delegates", """
                          user:alice:
                            grants: [{scope: "catalog:*"}]
                          agent:one:
                            on-behalf-of: user:alice
                            grants: [{scope: "catalog:price:write"}]
                          agent:two:
                            on-behalf-of: user:alice
                            grants: [{scope: "catalog:price:*", resources: ["sku/*"]}]
                        """, "catalog:price:*", "agent:one 7 agent:two 10 catalog:price:write sku/x"),
                overlap("a delegate's unrelated principal", """
                          user:alice:
                            grants: [{scope: "catalog:*"}]
                          user:bob:
                            grants: [{scope: "catalog:*"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "catalog:price:write"}]
                        """, "catalog:price:*",
                        "user:alice 4 user:bob 6 catalog:price:x x", "user:bob 6 agent:bot 9 catalog:price:write x"),
                overlap("attenuation keeps a delegate inside its principal", """
                          user:eu:
                            grants: [{scope: "catalog:price:write", resources: ["sku/eu/*"]}]
                          agent:eu-bot:
                            on-behalf-of: user:eu
                            grants: [{scope: "catalog:price:*", resources: ["sku/**"]}]
                          agent:us-bot:
                            grants: [{scope: "catalog:price:write", resources: ["sku/us/*"]}]
                        """, "catalog:price:*"),
                overlap("attenuation: overlap only within the principal's resources", """
                          user:eu:
                            grants: [{scope: "catalog:price:write", resources: ["sku/eu/*"]}]
                          agent:eu-bot:
                            on-behalf-of: user:eu
                            grants: [{scope: "catalog:price:*", resources: ["sku/**"]}]
                          agent:all-bot:
                            grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
                        """, "catalog:price:*",
                        "user:eu 4 agent:all-bot 9 catalog:price:write sku/eu/x",
                        "agent:eu-bot 7 agent:all-bot 9 catalog:price:write sku/eu/x"),
                overlap("a delegate whose principal lacks the scope holds nothing", """
                          user:alice:
                            grants: [{scope: "orders:*"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "catalog:*"}]
                          agent:other:
                            grants: [{scope: "catalog:*"}]
                        """, "catalog:*"),
                overlap("the first grants that meet are named", """
                          agent:a:
                            grants:
                              - scope: "catalog:price:write"
                                resources: ["sku/us/*"]
                              - scope: "catalog:price:write"
                                resources: ["sku/eu/*"]
                          agent:b:
                            grants:
                              - scope: "catalog:price:read"
                              - scope: "catalog:price:*"
                                resources: ["sku/eu/**"]
                        """, "catalog:price:*", "agent:a 7 agent:b 12 catalog:price:write sku/eu/x"),
                overlap("one glob of several", """
                          agent:a:
                            grants: [{scope: "catalog:*", resources: ["order/EU-*", "sku/a*"]}]
                          agent:b:
                            grants: [{scope: "catalog:*", resources: ["sku/*b"]}]
                        """, "catalog:*", "agent:a 4 agent:b 6 catalog:x sku/ab"),
                overlap("every pair of three", """
                          agent:a:
                            grants: [{scope: "*"}]
                          agent:b:
                            grants: [{scope: "*"}]
                          agent:c:
                            grants: [{scope: "*"}]
                        """, "catalog:price:*",
                        "agent:a 4 agent:b 6 catalog:price:x x", "agent:a 4 agent:c 8 catalog:price:x x",
                        "agent:b 6 agent:c 8 catalog:price:x x"));
    }

    private static Arguments overlap(String name, String identities, String exclusive, String... overlaps) {
        return Arguments.of(name, identities, exclusive, List.of(overlaps));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void overlaps_withLease_areListed(String name, String identities, String exclusive, List<String> expected)
            throws PolicyException {
        Policy policy = Policy.parse(policy(identities, exclusive, true), "charter.yaml");
        List<Overlap> overlaps = policy.overlaps();
        assertEquals(expected, overlaps.stream().map(PolicyOverlapTest::describe).toList());
        for (Overlap overlap : overlaps) {
            assertEquals(new Exclusive(overlap.exclusive().rule(), exclusive, Duration.ofSeconds(30)), overlap.exclusive());
            for (String identity : List.of(overlap.first(), overlap.second())) {
                // the example is one both identities may act on
                assertTrue(policy.decide(identity, overlap.scope(), overlap.resource()).allowed(),
                        identity + " on " + describe(overlap));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_withoutLease_refusesTheFirstOverlap(String name, String identities, String exclusive, List<String> expected)
            throws PolicyException {
        String yaml = policy(identities, exclusive, false);
        if (expected.isEmpty()) {
            assertEquals(List.of(), Policy.parse(yaml, "charter.yaml").overlaps());
            return;
        }
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        String[] first = expected.get(0).split(" ");
        int line = (int) identities.lines().count() + 4;
        assertEquals("charter.yaml:" + line + ":5: exclusive " + Text.quote(exclusive) + " is held by both " + first[0]
                + " (charter.yaml:" + first[1] + ") and " + first[2] + " (charter.yaml:" + first[3] + "), e.g. "
                + first[4] + " on " + first[5], e.getMessage());
    }

    @Test
    void parse_overlapWithoutLease_namesBothIdentitiesGrantsAndAnExample() {
        String yaml = """
                version: 1
                identities:
                  agent:pricing-bot:
                    grants:
                      - scope: "catalog:price:write"
                        resources: ["sku/**"]
                  agent:promo-bot:
                    grants:
                      - scope: "catalog:price:*"
                        resources: ["sku/eu/*"]
                governance:
                  - scope: "payments:refund"
                    defer: approval
                  - exclusive: "catalog:price:*"
                """;
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        assertEquals("charter.yaml:14:5: exclusive 'catalog:price:*' is held by both agent:pricing-bot (charter.yaml:5) "
                + "and agent:promo-bot (charter.yaml:9), e.g. catalog:price:write on sku/eu/x", e.getMessage());
    }

    @Test
    void parse_firstExclusiveWithoutLease_isTheOneRefused() {
        String yaml = """
                version: 1
                identities:
                  agent:a: {grants: [{scope: "*"}]}
                  agent:b: {grants: [{scope: "*"}]}
                governance:
                  - {exclusive: "orders:*", lease: 1s}
                  - {exclusive: "catalog:*"}
                  - {exclusive: "payments:*"}
                """;
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        assertTrue(e.getMessage().startsWith("charter.yaml:7:6: exclusive 'catalog:*' is held by both agent:a"), e.getMessage());
    }

    private static String policy(String identities, String exclusive, boolean lease) {
        return "version: 1\nidentities:\n" + identities + "governance:\n  - exclusive: \"" + exclusive + "\"\n"
                + (lease ? "    lease: 30s\n" : "");
    }

    private static String describe(Overlap overlap) {
        return overlap.first() + " " + line(overlap.firstRule()) + " " + overlap.second() + " " + line(overlap.secondRule())
                + " " + overlap.scope() + " " + overlap.resource();
    }

    private static String line(String rule) {
        return rule.substring("charter.yaml:".length());
    }
}
