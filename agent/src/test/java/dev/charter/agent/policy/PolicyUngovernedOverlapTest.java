package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Authority two identities both hold, neither acting for the other, on a scope no rule governs. */
class PolicyUngovernedOverlapTest {

    private static final String TWO_PRICERS = """
            version: 1
            identities:
              agent:pricing-bot:
                grants:
                  - scope: "catalog:price:write"
                    resources: ["sku/**"]
              agent:promo-bot:
                grants:
                  - scope: "catalog:*"
                    resources: ["sku/eu/**"]
            """;

    private static List<String> overlaps(String yaml) throws PolicyException {
        return Policy.parse(yaml, "c.yaml").ungovernedOverlaps().stream()
                .map(o -> o.first() + " " + o.firstRule() + " / " + o.second() + " " + o.secondRule() + ": " + o.scope()
                        + " on " + o.resource() + (o.exclusive() == null ? "" : " exclusive"))
                .toList();
    }

    @Test
    void twoUnrelatedIdentities_onOneResource_areAnOverlap() throws PolicyException {
        assertEquals(List.of("agent:pricing-bot c.yaml:5 / agent:promo-bot c.yaml:9: catalog:price:write on sku/eu/x"),
                overlaps(TWO_PRICERS));
    }

    @Test
    void disjointResources_doNotOverlap() throws PolicyException {
        assertEquals(List.of(), overlaps(TWO_PRICERS.replace("sku/eu/**", "order/**")));
    }

    @Test
    void sharedScope_isAcknowledged_andNotReported() throws PolicyException {
        assertEquals(List.of(), overlaps(TWO_PRICERS + "governance:\n  - shared: \"catalog:price:*\"\n"));
    }

    @Test
    void exclusiveWithLease_isNotAnUngovernedOverlap() throws PolicyException {
        assertEquals(List.of(), overlaps(TWO_PRICERS + "governance:\n  - exclusive: \"catalog:price\"\n    lease: 30s\n"));
    }

    @Test
    void sharingPartOfTheOverlap_reportsAWitnessOutsideIt() throws PolicyException {
        String yaml = """
                version: 1
                identities:
                  agent:a:
                    grants:
                      - scope: "catalog:price,stock:write"
                  agent:b:
                    grants:
                      - scope: "catalog"
                governance:
                  - shared: "catalog:price"
                """;
        assertEquals(List.of("agent:a c.yaml:5 / agent:b c.yaml:8: catalog:stock:write on x"), overlaps(yaml));
    }

    @Test
    void identityAndItsDelegates_doNotOverlap_butTwoDelegatesOfOnePrincipalDo() throws PolicyException {
        String yaml = """
                version: 1
                identities:
                  user:alice:
                    grants:
                      - scope: "payments:*"
                  agent:refund-bot:
                    on-behalf-of: user:alice
                    grants:
                      - scope: "payments:refund"
                  agent:helper:
                    on-behalf-of: agent:refund-bot
                    grants:
                      - scope: "payments:refund"
                  agent:other-desk:
                    on-behalf-of: user:alice
                    grants:
                      - scope: "payments:*"
                """;
        assertEquals(List.of(
                "agent:refund-bot c.yaml:9 / agent:other-desk c.yaml:17: payments:refund on x",
                "agent:helper c.yaml:13 / agent:other-desk c.yaml:17: payments:refund on x"), overlaps(yaml));
    }
}
