package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain}: the decision level by level, and with {@code --spend} the limits, deferral and lease it would meet. */
class MainExplainTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                    budget: { limit: 5000, per: 1d }
                  - scope: "catalog:*"
              agent:refund-bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
                    max-per-call: 500
                    rate: { calls: 10, per: 1m }
                  - scope: "payments:refund"
                    resources: ["order/EU-9*"]
                    max-per-call: 1000
                    active: { days: MON-FRI, from: "08:00", to: "18:00", zone: Europe/Berlin }
                    expires: 2030-01-01T00:00:00Z
              agent:pricing-bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "catalog:price:write"
                    resources: ["sku/**"]
              agent:helper:
                on-behalf-of: agent:refund-bot
                grants:
                  - scope: "payments:*"
            governance:
              - scope: "payments:refund"
                when: { spend-over: 300 }
                defer: approval
              - exclusive: "catalog:price:*"
                lease: 30s
              - exclusive: "catalog:stock:*"
            """;

    @TempDir
    Path dir;
    private Path policy;
    private String p;

    @BeforeEach
    void writePolicy() throws Exception {
        policy = dir.resolve("charter.yaml");
        Files.writeString(policy, POLICY);
        p = policy.toString();
    }

    private Cli.Run explain(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "explain";
        all[1] = p;
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    private void assertRun(int exit, String out, Cli.Run run) {
        assertEquals(out, run.out(), run.toString());
        assertEquals(exit, run.exit(), run.toString());
        assertEquals("", run.err());
    }

    @Test
    void explain_allowed_namesTheGrantAtEachLevel() {
        assertRun(0, "ALLOW agent:pricing-bot catalog:price:write on sku/1: granted (" + p + ":23)\n"
                + "  agent:pricing-bot: granted (" + p + ":23)\n"
                + "  on behalf of user:alice: granted (" + p + ":7)\n"
                + "  limits or governance apply to this scope: add --spend <amount> to see them\n",
                explain("agent:pricing-bot", "catalog:price:write", "sku/1"));
    }

    @Test
    void explain_deniedByItsOwnGrants_namesTheGrant() {
        assertRun(1, "DENY agent:refund-bot payments:refund on order/US-1: resource not granted (" + p + ":11)\n"
                + "  agent:refund-bot: resource not granted (" + p + ":11)\n"
                + "  on behalf of user:alice: granted (" + p + ":5)\n",
                explain("agent:refund-bot", "payments:refund", "order/US-1", "--spend", "5"));
    }

    @Test
    void explain_deniedByAPrincipal_showsWhichLevelRefuses() {
        assertRun(1, "DENY agent:helper payments:capture: exceeds the authority of principal agent:refund-bot (" + p + ":26)\n"
                + "  agent:helper: granted (" + p + ":28)\n"
                + "  on behalf of agent:refund-bot: no rule grants it\n"
                + "  on behalf of user:alice: granted (" + p + ":5)\n",
                explain("agent:helper", "payments:capture"));
    }

    @Test
    void explain_undeclaredIdentity_isDenied() {
        assertRun(1, "DENY agent:nobody payments:refund: identity is not declared in the policy\n",
                explain("agent:nobody", "payments:refund"));
    }

    @Test
    void explain_spendWithinLimits_showsWhatWouldBeCharged() {
        assertRun(0, "ALLOW agent:refund-bot payments:refund on order/EU-1: granted (" + p + ":11)\n"
                + "  agent:refund-bot: granted (" + p + ":11)\n"
                + "  on behalf of user:alice: granted (" + p + ":5)\n"
                + "with spend 200:\n"
                + "  agent:refund-bot (" + p + ":11): max-per-call 500 met; rate 10/1m charged 1 call\n"
                + "  user:alice (" + p + ":5): budget 5000/1d charged 200\n"
                + "  not deferred (" + p + ":30): only spend over 300\n"
                + "ALLOW with spend 200: checked when it runs: rates, budgets\n",
                explain("agent:refund-bot", "payments:refund", "order/EU-1", "--spend", "200"));
    }

    @Test
    void explain_hugeSpend_printsItInScientificNotation_notABillionDigits() {
        Cli.Run run = explain("agent:refund-bot", "payments:refund", "order/EU-1", "--spend", "1e999999999");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("max-per-call 500 exceeded: 1E+999999999 asked"), run.out());
        assertTrue(run.out().length() < 2_000, () -> run.out().length() + " characters");
    }

    @Test
    void explain_spendOverMaxPerCall_isDeniedNamingTheGrant() {
        assertRun(1, "ALLOW agent:refund-bot payments:refund on order/EU-1: granted (" + p + ":11)\n"
                + "  agent:refund-bot: granted (" + p + ":11)\n"
                + "  on behalf of user:alice: granted (" + p + ":5)\n"
                + "with spend 700:\n"
                + "  agent:refund-bot (" + p + ":11): max-per-call 500 exceeded: 700 asked; rate 10/1m charged 1 call\n"
                + "  user:alice (" + p + ":5): budget 5000/1d charged 700\n"
                + "DENY with spend 700: max-per-call 500 exceeded: 700 asked (" + p + ":11)\n",
                explain("agent:refund-bot", "payments:refund", "order/EU-1", "--spend", "700"));
    }

    @Test
    void explain_spendOverTheDeferralLimit_asksTheGovernorAndListsEveryGrantOfALevel() {
        assertRun(0, "ALLOW agent:refund-bot payments:refund on order/EU-91: granted (" + p + ":11)\n"
                + "  agent:refund-bot: granted (" + p + ":11)\n"
                + "  on behalf of user:alice: granted (" + p + ":5)\n"
                + "with spend 700.50:\n"
                + "  agent:refund-bot: the first of these 2 grants that the call meets is charged\n"
                + "  agent:refund-bot (" + p + ":11): max-per-call 500 exceeded: 700.50 asked; rate 10/1m charged 1 call\n"
                + "  agent:refund-bot (" + p + ":15): max-per-call 1000 met; active MON-FRI 08:00-18:00 Europe/Berlin; "
                + "expires 2030-01-01T00:00:00Z\n"
                + "  user:alice (" + p + ":5): budget 5000/1d charged 700.50\n"
                + "  deferred (" + p + ":30): asks the governor for approval (spend over 300)\n"
                + "DEFER with spend 700.50: the governor approves or refuses (" + p + ":30); checked when it runs: "
                + "rates, active hours, expiry, budgets\n",
                explain("agent:refund-bot", "payments:refund", "order/EU-91", "--spend", "700.50"));
    }

    @Test
    void explain_exclusiveWithLease_showsTheLeaseItWouldTake() {
        assertRun(0, "ALLOW agent:pricing-bot catalog:price:write on sku/1: granted (" + p + ":23)\n"
                + "  agent:pricing-bot: granted (" + p + ":23)\n"
                + "  on behalf of user:alice: granted (" + p + ":7)\n"
                + "with spend 0:\n"
                + "  agent:pricing-bot (" + p + ":23): no limits\n"
                + "  user:alice (" + p + ":7): no limits\n"
                + "  exclusive 'catalog:price:*' (" + p + ":33): agent:pricing-bot would hold sku/1 until 30s after its "
                + "last action; refused while another identity holds it, unless one acts on behalf of the other\n"
                + "ALLOW with spend 0: checked when it runs: the lease\n",
                explain("agent:pricing-bot", "catalog:price:write", "sku/1", "--spend=0"));
    }

    @Test
    void explain_exclusiveWithoutResourceOrLease_takesNoLease() {
        assertRun(0, "ALLOW user:alice catalog:price:write: granted (" + p + ":7)\n"
                + "  user:alice: granted (" + p + ":7)\n"
                + "with spend 1:\n"
                + "  user:alice (" + p + ":7): no limits\n"
                + "  exclusive 'catalog:price:*' (" + p + ":33): the call names no resource, so it takes no lease\n"
                + "ALLOW with spend 1\n",
                explain("user:alice", "catalog:price:write", "--spend", "1"));
        assertRun(0, "ALLOW user:alice catalog:stock:count on s/1: granted (" + p + ":7)\n"
                + "  user:alice: granted (" + p + ":7)\n"
                + "with spend 1:\n"
                + "  user:alice (" + p + ":7): no limits\n"
                + "  exclusive 'catalog:stock:*' (" + p + ":35): no lease; the policy itself keeps any other identity "
                + "from holding it\n"
                + "ALLOW with spend 1\n",
                explain("user:alice", "catalog:stock:count", "s/1", "--spend", "1"));
    }
}
