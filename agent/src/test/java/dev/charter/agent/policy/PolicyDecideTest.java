package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Decisions, coverage and chains over {@code policy/example.yaml}: three levels of delegation. */
class PolicyDecideTest {

    private static Policy policy;

    @BeforeAll
    static void parseExample() throws IOException, PolicyException {
        try (InputStream in = PolicyDecideTest.class.getResourceAsStream("/policy/example.yaml")) {
            policy = Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "charter.yaml");
        }
    }

    @ParameterizedTest(name = "{0} {1} on {2}: {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            user:alice          | orders:read             | -            | true  | granted                                                     | charter.yaml:6
            user:alice          | orders:read:eu          | order/1      | true  | granted                                                     | charter.yaml:6
            user:alice          | orders                  | -            | true  | granted                                                     | charter.yaml:6
            user:alice          | payments:capture        | order/US-9   | true  | granted                                                     | charter.yaml:7
            user:alice          | payments:chargeback     | order/EU-1   | false | no rule grants it                                           | -
            user:alice          | Orders:read             | -            | false | no rule grants it                                           | -
            agent:refund-bot    | payments:refund         | order/EU-1   | true  | granted                                                     | charter.yaml:11
            agent:refund-bot    | payments:refund         | order/EU-2   | true  | granted                                                     | charter.yaml:13
            agent:refund-bot    | payments:refund         | order/US-9   | false | resource not granted                                        | charter.yaml:11
            agent:refund-bot    | payments:refund         | order/EU-1/x | false | resource not granted                                        | charter.yaml:11
            agent:refund-bot    | payments:refund         | -            | false | granted only on listed resources, and this action names none | charter.yaml:11
            agent:refund-bot    | payments:chargeback     | order/CH-3   | false | exceeds the authority of principal user:alice               | charter.yaml:9
            agent:refund-bot    | orders:read             | -            | true  | granted                                                     | charter.yaml:15
            agent:refund-bot    | orders:write            | -            | false | no rule grants it                                           | -
            agent:refund-helper | payments:refund         | order/EU-2   | true  | granted                                                     | charter.yaml:19
            agent:refund-helper | payments:refund:partial | order/EU-2   | true  | granted                                                     | charter.yaml:19
            agent:refund-helper | payments:refund         | order/US-9   | false | exceeds the authority of principal agent:refund-bot         | charter.yaml:17
            agent:refund-helper | payments:refund         | -            | false | exceeds the authority of principal agent:refund-bot         | charter.yaml:17
            agent:refund-helper | payments:chargeback     | order/EU-2   | false | exceeds the authority of principal agent:refund-bot         | charter.yaml:17
            agent:refund-helper | orders:read             | -            | true  | granted                                                     | charter.yaml:20
            agent:refund-helper | orders:write            | -            | false | exceeds the authority of principal agent:refund-bot         | charter.yaml:17
            agent:refund-helper | catalog:price:write     | sku/1        | false | no rule grants it                                           | -
            agent:pricing-bot   | catalog:price:write     | sku/a/b      | true  | granted                                                     | charter.yaml:23
            agent:pricing-bot   | catalog:price:write:eu  | sku/a        | true  | granted                                                     | charter.yaml:23
            agent:pricing-bot   | catalog:price           | sku/a        | false | no rule grants it                                           | -
            agent:pricing-bot   | catalog:price:write     | item/a       | false | resource not granted                                        | charter.yaml:23
            agent:pricing-bot   | catalog:price:write     | -            | false | granted only on listed resources, and this action names none | charter.yaml:23
            user:nobody         | orders:read             | -            | false | no rule grants it                                           | -
            agent:ghost         | orders:read             | -            | false | identity is not declared in the policy                      | -
            """)
    void decide_exampleTable(String identity, String scope, String resource, boolean allowed, String reason, String rule) {
        assertEquals(new Decision(allowed, reason, rule), policy.decide(identity, scope, resource));
    }

    @Test
    void decide_delegateBeyondPrincipal_isDenied() {
        // the helper's own grant "payments" covers it, and so does its principal's; the principal's principal does not
        assertTrue(policy.decide("agent:refund-bot", "payments:refund", "order/CH-1").allowed());
        assertFalse(policy.decide("user:alice", "payments:chargeback", "order/CH-1").allowed());
        assertEquals(new Decision(false, "exceeds the authority of principal agent:refund-bot", "charter.yaml:17"),
                policy.decide("agent:refund-helper", "payments:chargeback", "order/CH-1"));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            user:alice          | orders:read         | ALL_RESOURCES
            user:alice          | payments:refund     | ALL_RESOURCES
            user:alice          | catalog:price:write | NONE
            agent:refund-bot    | payments:refund     | SOME_RESOURCES
            agent:refund-bot    | orders:read         | ALL_RESOURCES
            agent:refund-bot    | payments:chargeback | NONE
            agent:refund-bot    | orders:write        | NONE
            agent:refund-helper | payments:refund     | SOME_RESOURCES
            agent:refund-helper | orders:read         | ALL_RESOURCES
            agent:refund-helper | orders:write        | NONE
            agent:refund-helper | payments:chargeback | NONE
            agent:refund-helper | payments:capture    | NONE
            agent:pricing-bot   | catalog:price:write | SOME_RESOURCES
            user:nobody         | orders:read         | NONE
            agent:ghost         | orders:read         | NONE
            """)
    void coverage_exampleTable(String identity, String scope, Coverage expected) {
        assertEquals(expected, policy.coverage(identity, scope));
    }

    @Test
    void coverage_agreesWithDecide_forEveryResource() {
        List<String> identities = new ArrayList<>(policy.identities());
        identities.add("agent:ghost");
        List<String> scopes = List.of("orders", "orders:read", "orders:write", "payments", "payments:refund",
                "payments:refund:partial", "payments:capture", "payments:chargeback", "catalog:price:write", "x");
        List<String> resources = Arrays.asList(null, "order/EU-1", "order/EU-2", "order/CH-1", "order/US-9",
                "order/EU-1/x", "sku/a/b", "item/a", "");
        for (String identity : identities) {
            for (String scope : scopes) {
                Coverage coverage = policy.coverage(identity, scope);
                for (String resource : resources) {
                    boolean allowed = policy.decide(identity, scope, resource).allowed();
                    String what = identity + " " + scope + " on " + resource + " with coverage " + coverage;
                    if (coverage == Coverage.ALL_RESOURCES) {
                        assertTrue(allowed, what);
                    } else if (coverage == Coverage.NONE) {
                        assertFalse(allowed, what);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: [{1}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            agent:refund-helper | agent:refund-bot,user:alice
            agent:refund-bot    | user:alice
            user:alice          | -
            agent:ghost         | -
            """)
    void chain_listsPrincipalsNearestFirst(String identity, String principals) {
        List<String> expected = principals == null ? List.of() : List.of(principals.split(","));
        assertEquals(expected, policy.chain(identity));
    }

    @Test
    void identities_areDeclaredInFileOrder() {
        assertEquals(List.of("user:alice", "agent:refund-bot", "agent:refund-helper", "agent:pricing-bot", "user:nobody"),
                List.copyOf(policy.identities()));
        assertTrue(policy.declares("user:nobody"));
        assertFalse(policy.declares("agent:ghost"));
        assertThrows(UnsupportedOperationException.class, () -> policy.identities().add("agent:ghost"));
    }

    @Test
    void accessors_giveFileNameAndDefaultMode() {
        assertEquals("charter.yaml", policy.file());
        assertEquals(Mode.ENFORCE, policy.mode());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            payments:*
            ''
            pay ments
            """)
    void decide_patternInsteadOfActionScope_isRejected(String scope) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> policy.decide("user:alice", scope, null));
        assertEquals(Policy.checkActionScope(scope), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy.coverage("user:alice", scope));
    }
}
