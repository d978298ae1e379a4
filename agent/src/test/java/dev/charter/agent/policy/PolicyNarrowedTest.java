package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Delegates granted more than their principal: which grants reach beyond the principal's effective
 * authority, through wildcards, alternatives, globs and chains, and the example call each names.
 */
class PolicyNarrowedTest {

    /** Each case: identities (declared from line 3) and the narrowed grants as "delegate line principal scope resource [unusable]". */
    static Stream<Arguments> cases() {
        return Stream.of(
                narrowed("within the principal", """
                          user:alice:
                            grants: [{scope: "payments:*"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund", resources: ["order/EU-*"]}]
                        """),
                narrowed("a scope the principal lacks", """
                          user:alice:
                            grants: [{scope: "orders:read,write"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "orders:delete"}]
                        """, "agent:bot 7 user:alice orders:delete x unusable"),
                narrowed("wider resources", """
                          user:alice:
                            grants: [{scope: "payments:refund", resources: ["order/EU-*"]}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:*", resources: ["order/**"]}]
                        """, "agent:bot 7 user:alice payments:refund order/x"),
                narrowed("a wider scope pattern", """
                          user:alice:
                            grants: [{scope: "payments:refund,capture"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:*"}]
                        """, "agent:bot 7 user:alice payments:x x"),
                narrowed("an alternative the principal lacks", """
                          user:alice:
                            grants: [{scope: "orders:read"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "orders:read,write"}]
                        """, "agent:bot 7 user:alice orders:write x"),
                narrowed("a deeper scope the principal lacks", """
                          user:alice:
                            grants: [{scope: "payments:refund:full"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund"}]
                        """, "agent:bot 7 user:alice payments:refund:x x"),
                narrowed("a shorter scope its star tail implies", """
                          user:alice:
                            grants: [{scope: "payments:*"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments"}]
                        """),
                narrowed("the scope itself, which a longer pattern implies only by stars", """
                          user:alice:
                            grants: [{scope: "payments:refund:*"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund"}]
                        """),
                narrowed("every resource, where the principal lists some", """
                          user:alice:
                            grants: [{scope: "payments:refund", resources: ["order/**"]}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund"}]
                        """, "agent:bot 7 user:alice payments:refund x"),
                narrowed("only calls naming no resource", """
                          user:alice:
                            grants: [{scope: "payments:refund", resources: ["**"]}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund"}]
                        """, "agent:bot 7 user:alice payments:refund - "),
                narrowed("two grants of the principal cover it together", """
                          user:alice:
                            grants:
                              - {scope: "payments:refund", resources: ["order/EU-*"]}
                              - {scope: "payments:*", resources: ["order/US-*"]}
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund", resources: ["order/EU-*", "order/US-*"]}]
                        """),
                narrowed("a glob the principal's grants leave a gap in", """
                          user:alice:
                            grants:
                              - {scope: "payments:refund", resources: ["order/EU-*"]}
                              - {scope: "payments:*", resources: ["order/US-*"]}
                          agent:bot:
                            on-behalf-of: user:alice
                            grants: [{scope: "payments:refund", resources: ["order/EU-*", "order/*-1"]}]
                        """, "agent:bot 9 user:alice payments:refund order/x-1"),
                narrowed("through a chain, each grant against its own principal", """
                          user:alice:
                            grants: [{scope: "payments:refund"}]
                          agent:bot:
                            on-behalf-of: user:alice
                            grants:
                              - {scope: "payments:*"}
                              - {scope: "payments:refund"}
                          agent:helper:
                            on-behalf-of: agent:bot
                            grants: [{scope: "payments:capture"}, {scope: "payments:refund"}]
                        """, "agent:bot 8 user:alice payments:x x",
                        "agent:helper 12 agent:bot payments:capture x unusable"),
                narrowed("identities acting on their own", """
                          user:alice:
                            grants: [{scope: "payments:refund"}]
                          agent:bot:
                            grants: [{scope: "*"}]
                        """));
    }

    private static Arguments narrowed(String name, String identities, String... expected) {
        return Arguments.of(name, identities, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void narrowed_table(String name, String identities, List<String> expected) throws PolicyException {
        Policy policy = Policy.parse("version: 1\nidentities:\n" + identities, "charter.yaml");
        List<Narrowed> narrowed = policy.narrowed();
        assertEquals(expected, narrowed.stream().map(PolicyNarrowedTest::describe).toList());
        narrowed.forEach(each -> assertExampleHolds(policy, each));
    }

    @Test
    void grants_areListedAsWritten() throws PolicyException {
        Policy policy = Policy.parse("""
                version: 1
                identities:
                  user:alice:
                    grants:
                      - scope: "payments:refund,capture"
                        resources: ["order/EU-*", "order/**/x", "a"]
                      - scope: "*"
                  agent:bot:
                    grants: []
                """, "charter.yaml");
        assertEquals(List.of(
                new WrittenGrant("user:alice", "charter.yaml:5", "payments:refund,capture", List.of("order/EU-*", "order/**/x", "a")),
                new WrittenGrant("user:alice", "charter.yaml:7", "*", List.of())), policy.grants());
    }

    /**
     * Random chains of two or three levels over a few scopes and globs, against the agent's own
     * decisions: a grant is narrowed exactly when some call it covers, among every short scope and
     * resource, is refused as exceeding the principal.
     */
    @Test
    void narrowed_agreesWithDecisionsOnEveryShortCall() throws PolicyException {
        Random random = new Random(5);
        List<String> scopes = words(List.of("a", "b", "c", "d"), 3, ":");
        List<String> resources = new ArrayList<>(words(List.of("a", "b", "/", "x"), 4, ""));
        resources.add(null);
        int[] seen = new int[2];
        for (int round = 0; round < 150; round++) {
            Policy policy = Policy.parse(randomPolicy(random), "charter.yaml");
            List<Narrowed> narrowed = policy.narrowed();
            narrowed.forEach(each -> assertExampleHolds(policy, each));
            for (WrittenGrant grant : policy.grants()) {
                List<String> chain = policy.chain(grant.identity());
                if (chain.isEmpty()) {
                    continue;
                }
                boolean reported = narrowed.stream().anyMatch(each -> each.grant().equals(grant));
                boolean exceeds = scopes.stream().anyMatch(scope -> resources.stream().anyMatch(resource ->
                        covers(grant, scope, resource) && !policy.decide(chain.get(0), scope, resource).allowed()));
                assertEquals(exceeds, reported, grant + " in\n" + policy.grants());
                seen[reported ? 1 : 0]++;
            }
        }
        assertTrue(seen[0] > 50 && seen[1] > 50, "both outcomes tried: " + seen[0] + " within, " + seen[1] + " narrowed");
    }

    private static void assertExampleHolds(Policy policy, Narrowed narrowed) {
        String what = describe(narrowed);
        assertTrue(covers(narrowed.grant(), narrowed.scope(), narrowed.resource()), what);
        assertFalse(policy.decide(narrowed.principal(), narrowed.scope(), narrowed.resource()).allowed(), what);
    }

    private static boolean covers(WrittenGrant grant, String scope, String resource) {
        return Policy.scopePattern(grant.scope()).test(scope) && (grant.resources().isEmpty()
                || resource != null && grant.resources().stream().anyMatch(glob -> ResourceGlob.compile(glob).matches(resource)));
    }

    private static String randomPolicy(Random random) {
        String[] patterns = {"a", "a:*", "a:b", "a:b,c", "*", "*:b", "b:*:c", "a:b:c"};
        String[] globs = {"a/*", "a/**", "*/b", "**", "a/b", "x*"};
        StringBuilder yaml = new StringBuilder("version: 1\nidentities:\n");
        int levels = 2 + random.nextInt(2);
        for (int level = 0; level < levels; level++) {
            yaml.append("  id").append(level).append(":\n");
            if (level > 0) {
                yaml.append("    on-behalf-of: id").append(level - 1).append('\n');
            }
            yaml.append("    grants:\n");
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
                yaml.append("      - scope: \"").append(patterns[random.nextInt(patterns.length)]).append("\"\n");
                if (random.nextBoolean()) {
                    yaml.append("        resources: [\"").append(globs[random.nextInt(globs.length)]).append("\"");
                    if (random.nextBoolean()) {
                        yaml.append(", \"").append(globs[random.nextInt(globs.length)]).append("\"");
                    }
                    yaml.append("]\n");
                }
            }
        }
        return yaml.toString();
    }

    /** Every word of one to {@code maxLength} parts, joined by {@code separator}. */
    private static List<String> words(List<String> parts, int maxLength, String separator) {
        List<String> all = new ArrayList<>(parts);
        int from = 0;
        for (int length = 2; length <= maxLength; length++) {
            int to = all.size();
            for (int i = from; i < to; i++) {
                for (String part : parts) {
                    all.add(all.get(i) + separator + part);
                }
            }
            from = to;
        }
        return all;
    }

    private static String describe(Narrowed narrowed) {
        return narrowed.grant().identity() + " " + narrowed.grant().rule().substring("charter.yaml:".length()) + " "
                + narrowed.principal() + " " + narrowed.scope() + " " + (narrowed.resource() == null ? "- " : narrowed.resource())
                + (narrowed.unusable() ? " unusable" : "");
    }
}
