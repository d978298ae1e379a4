package dev.charter.agent.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import org.junit.jupiter.api.Test;

/** A budget's or a rate's counter is named by the grant as written, not by where it is written. */
class CounterKeyTest {

    private static final String GRANT = """
            version: 1
            identities:
              agent:bot:
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*", "order/FR-*"]
                    budget: { limit: 2000, per: 1d }
                    rate: { calls: 10, per: 1m }
            """;
    private static final String MOVED = """
            # a comment, and another line
            version: 1

            identities:
              agent:bot:
                grants:
                  # the same grant, its keys and resources in another order, its numbers written otherwise
                  - rate: { per: 60s, calls: 10 }
                    budget:
                      per: 24h
                      limit: 2000.00
                    resources: ["order/FR-*", "order/EU-*"]
                    scope: "payments:refund"
            """;

    private static Limits limits(String yaml) throws PolicyException {
        return Policy.parse(yaml, "charter.yaml").limits("agent:bot", "payments:refund", "order/EU-1").get(0).get(0);
    }

    @Test
    void counter_ofAGrantMovedAndReordered_isTheSame() throws PolicyException {
        Limits written = limits(GRANT);
        Limits moved = limits(MOVED);
        assertNotEquals(written.rule(), moved.rule());
        assertEquals(written.budgetCounter(),
                moved.budgetCounter());
        assertEquals(written.rateCounter(), moved.rateCounter());
        assertEquals("[\"budget\",\"agent:bot\",\"payments:refund\",[\"order/EU-*\",\"order/FR-*\"],\"2000\",\"PT24H\"]",
                written.budgetCounter());
    }

    @Test
    void counter_ofAChangedLimitOrWindow_isAnother() throws PolicyException {
        Limits written = limits(GRANT);
        Limits larger = limits(GRANT.replace("limit: 2000", "limit: 3000"));
        Limits longer = limits(GRANT.replace("per: 1d", "per: 2d"));
        Limits wider = limits(GRANT.replace("\"order/FR-*\"", "\"order/**\""));
        String counter = written.budgetCounter();
        assertNotEquals(counter, larger.budgetCounter());
        assertNotEquals(counter, longer.budgetCounter());
        assertNotEquals(counter, wider.budgetCounter());
        assertNotEquals(counter, written.rateCounter());
    }
}
