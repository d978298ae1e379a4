package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Policy#parse} accepts, and the position and words of what it refuses. */
class PolicyParseTest {

    private static final String ALICE = """
            version: 1
            identities:
              user:alice:
            """;

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                invalid("empty file", "", "1:1", "the policy is empty"),
                invalid("only comments", "# nothing here\n", "1:1", "the policy is empty"),
                invalid("root is a list", "- version: 1\n", "1:1",
                        "the policy must be a mapping of version, mode and identities, found a list"),
                invalid("root is a scalar", "charter\n", "1:1", "found a scalar"),
                invalid("missing version", "identities: {}\n", "1:1",
                        "the policy is missing required key 'version'"),
                invalid("version 2", "version: 2\nidentities: {}\n", "1:10",
                        "version 2 is not supported (this version of Charter reads version 1)"),
                invalid("version 2 before its unknown keys", "version: 2\nroles: {}\n", "1:10", "version 2 is not supported"),
                invalid("version as a string", "version: \"1\"\nidentities: {}\n", "1:10",
                        "'version' must be the number 1, found '1'"),
                invalid("version as a list", "version: [1]\nidentities: {}\n", "1:10",
                        "'version' must be the number 1, found a list"),
                invalid("missing identities", "version: 1\n", "1:1", "the policy is missing required key 'identities'"),
                invalid("identities empty", "version: 1\nidentities:\n", "2:12",
                        "'identities' must be a mapping of identity names to declarations, found nothing"),
                invalid("identities a list", "version: 1\nidentities:\n  - user:alice\n", "3:3",
                        "'identities' must be a mapping of identity names to declarations, found a list"),
                invalid("bad mode", "version: 1\nmode: block\nidentities: {}\n", "2:7",
                        "'mode' must be enforce or audit, found 'block'"),
                invalid("mode is case-sensitive", "version: 1\nmode: Audit\nidentities: {}\n", "2:7", "found 'Audit'"),
                invalid("mode empty", "version: 1\nmode:\nidentities: {}\n", "2:6",
                        "'mode' must be enforce or audit, found nothing"),
                invalid("unknown top-level key", "version: 1\nidentity: {}\n", "2:1",
                        "unknown key 'identity' (expected one of: version, mode, identities, governance, actions, bind, trust)"),
                invalid("duplicate top-level key", "version: 1\nidentities: {}\nversion: 1\n", "3:1",
                        "duplicate key 'version' (first at line 1)"),
                invalid("non-scalar key", "version: 1\nidentities: {}\n? [a]\n: b\n", "3:3",
                        "a key must be a name, found a list"),
                invalid("unknown identity key", ALICE + "    grant:\n      - scope: a\n", "4:5",
                        "unknown key 'grant' (expected one of: on-behalf-of, grants)"),
                invalid("duplicate identity", ALICE + "    grants: []\n  user:alice: {}\n", "5:3",
                        "duplicate key 'user:alice' (first at line 3)"),
                invalid("identity declared as a list", "version: 1\nidentities:\n  user:alice: [a]\n", "3:15",
                        "identity 'user:alice' must be a mapping of on-behalf-of and grants, found a list"),
                invalid("identity name with a space", "version: 1\nidentities:\n  \"user alice\": {}\n", "3:3",
                        "identity name 'user alice' contains whitespace"),
                invalid("identity name with a control character", "version: 1\nidentities:\n  \"user:\\x07\": {}\n", "3:3",
                        "identity name 'user:\\u0007' contains whitespace or a control character"),
                invalid("blank identity name", "version: 1\nidentities:\n  \" \": {}\n", "3:3", "identity name is empty"),
                invalid("grants a scalar", ALICE + "    grants: orders:*\n", "4:13",
                        "'grants' must be a list of grants, found a scalar"),
                invalid("grants a mapping", ALICE + "    grants:\n      scope: a\n", "5:7",
                        "'grants' must be a list of grants, found a mapping"),
                invalid("grant a scalar", ALICE + "    grants:\n      - orders:*\n", "5:9",
                        "a grant must be a mapping with a 'scope', found a scalar"),
                invalid("grant without scope", ALICE + "    grants:\n      - resources: [a]\n", "5:9",
                        "a grant is missing required key 'scope'"),
                invalid("unknown grant key", ALICE + "    grants:\n      - scope: a\n        resource: [a]\n", "6:9",
                        "unknown key 'resource' (expected one of: scope, resources, max-per-call, budget, rate, active, expires)"),
                invalid("duplicate grant key", ALICE + "    grants:\n      - scope: a\n        scope: b\n", "6:9",
                        "duplicate key 'scope' (first at line 5)"),
                invalid("scope a list", ALICE + "    grants:\n      - scope: [a, b]\n", "5:16",
                        "'scope' must be a scope pattern, found a list"),
                invalid("scope empty", ALICE + "    grants:\n      - scope:\n", "5:15",
                        "'scope' must be a scope pattern, found nothing"),
                invalid("scope empty string", ALICE + "    grants:\n      - scope: \"\"\n", "5:16", "scope pattern is empty"),
                invalid("scope star in a word", ALICE + "    grants:\n      - scope: \"pay*\"\n", "5:16",
                        "scope pattern 'pay*' mixes '*' with other characters"),
                invalid("scope empty segment", ALICE + "    grants:\n      - scope: a::b\n", "5:16",
                        "scope pattern 'a::b' has an empty segment"),
                invalid("scope trailing colon", ALICE + "    grants:\n      - scope: \"a:\"\n", "5:16", "has an empty segment"),
                invalid("scope empty alternative", ALICE + "    grants:\n      - scope: \"a,\"\n", "5:16",
                        "has an empty alternative"),
                invalid("scope with whitespace", ALICE + "    grants:\n      - scope: \"a b\"\n", "5:16", "contains whitespace"),
                invalid("scope with a line break", ALICE + "    grants:\n      - scope: \"a\\nb\"\n", "5:16",
                        "scope pattern 'a\\nb' contains whitespace or a control character"),
                invalid("resources a scalar", ALICE + "    grants:\n      - scope: a\n        resources: order/*\n", "6:20",
                        "'resources' must be a list of resource globs, found a scalar"),
                invalid("resources empty list", ALICE + "    grants:\n      - scope: a\n        resources: []\n", "6:20",
                        "'resources' must not be empty"),
                invalid("resources empty", ALICE + "    grants:\n      - scope: a\n        resources:\n", "6:19",
                        "'resources' must be a list of resource globs, found nothing"),
                invalid("glob a list", ALICE + "    grants:\n      - scope: a\n        resources: [[a]]\n", "6:21",
                        "a resource glob must be a string, found a list"),
                invalid("glob empty", ALICE + "    grants:\n      - scope: a\n        resources: [\"\"]\n", "6:21",
                        "resource glob is empty"),
                invalid("glob triple star", ALICE + "    grants:\n      - scope: a\n        resources: [ok, \"x/***\"]\n",
                        "6:25", "resource glob 'x/***' contains '***'"),
                invalid("undeclared principal", ALICE + "    on-behalf-of: user:zed\n", "4:19",
                        "principal 'user:zed' is not declared in the policy"),
                invalid("principal empty", ALICE + "    on-behalf-of:\n", "4:18",
                        "'on-behalf-of' must name an identity, found nothing"),
                invalid("delegation to itself", ALICE + "    on-behalf-of: user:alice\n", "4:19",
                        "delegation cycle: user:alice -> user:alice"),
                invalid("two-identity cycle", """
                        version: 1
                        identities:
                          agent:a:
                            on-behalf-of: agent:b
                          agent:b:
                            on-behalf-of: agent:a
                        """, "4:19", "delegation cycle: agent:a -> agent:b -> agent:a"),
                invalid("cycle reached from outside it", """
                        version: 1
                        identities:
                          agent:x:
                            on-behalf-of: agent:a
                          agent:a:
                            on-behalf-of: agent:b
                          agent:b:
                            on-behalf-of: agent:c
                          agent:c:
                            on-behalf-of: agent:a
                        """, "6:19", "delegation cycle: agent:a -> agent:b -> agent:c -> agent:a"),
                invalid("syntax error", "version: 1\nidentities: [a\n", "3:1", "invalid YAML: expected ',' or ']'"),
                invalid("tab indentation", "version: 1\nidentities:\n\tuser:alice: {}\n", "3:1", "invalid YAML: "),
                invalid("two documents", "version: 1\n---\nversion: 1\n", "2:1", "invalid YAML: but found another document"),
                invalid("undefined alias", "version: 1\nidentities: *ids\n", "2:13", "invalid YAML: found undefined alias ids"));
    }

    private static Arguments invalid(String name, String yaml, String position, String fragment) {
        return Arguments.of(name, yaml, position, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void parse_invalidPolicy_isRefusedAtItsPosition(String name, String yaml, String position, String fragment) {
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        assertTrue(e.getMessage().startsWith("charter.yaml:" + position + ": "), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
        assertEquals("charter.yaml:" + e.line() + ":" + e.column() + ": " + e.problem(), e.getMessage());
        assertEquals("charter.yaml", e.file());
    }

    @Test
    void parse_deeplyNestedYaml_isRefusedWithoutPosition() {
        String yaml = "version: 1\nidentities: " + "[".repeat(100_000);
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        assertEquals("charter.yaml: invalid YAML: collections nested too deeply", e.getMessage());
        assertEquals(0, e.line());
        assertEquals(0, e.column());
    }

    @Test
    void parse_aliasBomb_isRefusedWithoutPosition() {
        String yaml = "version: 1\nids: &ids [a]\nidentities: [" + "*ids, ".repeat(100) + "]\n";
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "charter.yaml"));
        assertEquals("charter.yaml: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50",
                e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void parse_fullGrammar_readsEveryKey() throws PolicyException {
        Policy policy = Policy.parse("""
                version: 1
                mode: audit
                identities:
                  'user:alice':
                    grants:
                      - scope: orders:*
                  agent:bot:
                    on-behalf-of: "user:alice"
                    grants:
                      - {scope: 'orders:read', resources: [order/*]}
                  user:empty: {}
                  user:nothing:
                  user:no-grants:
                    grants: []
                """, "policy.yaml");
        assertEquals(Mode.AUDIT, policy.mode());
        assertEquals("policy.yaml", policy.file());
        assertEquals(List.of("user:alice", "agent:bot", "user:empty", "user:nothing", "user:no-grants"),
                List.copyOf(policy.identities()));
        assertEquals(List.of("user:alice"), policy.chain("agent:bot"));
        assertEquals(new Decision(true, "granted", "policy.yaml:10"), policy.decide("agent:bot", "orders:read", "order/7"));
        assertEquals(new Decision(false, "no rule grants it", null), policy.decide("user:nothing", "orders:read", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"enforce", "audit"})
    void parse_mode_isRead(String mode) throws PolicyException {
        Policy policy = Policy.parse("version: 1\nmode: " + mode + "\nidentities: {}\n", "charter.yaml");
        assertEquals(Mode.valueOf(mode.toUpperCase(Locale.ROOT)), policy.mode());
        assertTrue(policy.identities().isEmpty());
    }

    @Test
    void parse_byteOrderMark_isIgnored() throws PolicyException {
        assertTrue(Policy.parse("\uFEFF" + ALICE, "charter.yaml").declares("user:alice"));
    }
}
