package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

    /** Monday 2026-11-23, 12:00 in Berlin: within the active hours of the grant at line 15. */
    static final Clock MONDAY_NOON = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);

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
        return Cli.at(MONDAY_NOON, all);
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
        assertRun(1, "DENY agent:refund-bot payments:refund on order/US-1: resource not granted (" + p + ":11); allowed: order/EU-*, order/EU-9*\n"
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
                + "  agent:refund-bot (" + p + ":11): max-per-call 500; rate 10/1m\n"
                + "  user:alice (" + p + ":5): budget 5000/1d\n"
                + "  not deferred (" + p + ":30): only spend over 300\n"
                + "ALLOW with spend 200: granted (" + p + ":11)\n",
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
                + "  agent:refund-bot (" + p + ":11): max-per-call 500; rate 10/1m\n"
                + "  user:alice (" + p + ":5): budget 5000/1d\n"
                + "  deferred (" + p + ":30): asks the governor for approval (spend over 300)\n"
                + "DENY with spend 700: max-per-call 500 exceeded: 700 asked (" + p + ":11); allowed: at most 500 per call\n",
                explain("agent:refund-bot", "payments:refund", "order/EU-1", "--spend", "700"));
    }

    @Test
    void explain_spendOverTheDeferralLimit_asksTheGovernorAndListsEveryGrantOfALevel() {
        assertRun(3, "ALLOW agent:refund-bot payments:refund on order/EU-91: granted (" + p + ":11)\n"
                + "  agent:refund-bot: granted (" + p + ":11)\n"
                + "  on behalf of user:alice: granted (" + p + ":5)\n"
                + "with spend 700.50:\n"
                + "  agent:refund-bot: the first of these 2 grants that the call meets is charged\n"
                + "  agent:refund-bot (" + p + ":11): max-per-call 500; rate 10/1m\n"
                + "  agent:refund-bot (" + p + ":15): max-per-call 1000; active MON-FRI 08:00-18:00 Europe/Berlin; "
                + "expires 2030-01-01T00:00:00Z\n"
                + "  user:alice (" + p + ":5): budget 5000/1d\n"
                + "  deferred (" + p + ":30): asks the governor for approval (spend over 300)\n"
                + "DEFER with spend 700.50: deferred for approval (spend over 300): the governor approves or refuses ("
                + p + ":30); allowed: up to 300 without approval\n",
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
                + "ALLOW with spend 0: granted (" + p + ":23)\n",
                explain("agent:pricing-bot", "catalog:price:write", "sku/1", "--spend=0"));
    }

    @Test
    void explain_exclusiveWithoutResourceOrLease_takesNoLease() {
        assertRun(0, "ALLOW user:alice catalog:price:write: granted (" + p + ":7)\n"
                + "  user:alice: granted (" + p + ":7)\n"
                + "with spend 1:\n"
                + "  user:alice (" + p + ":7): no limits\n"
                + "  exclusive 'catalog:price:*' (" + p + ":33): the call names no resource, so it takes no lease\n"
                + "ALLOW with spend 1: granted (" + p + ":7)\n",
                explain("user:alice", "catalog:price:write", "--spend", "1"));
        assertRun(0, "ALLOW user:alice catalog:stock:count on s/1: granted (" + p + ":7)\n"
                + "  user:alice: granted (" + p + ":7)\n"
                + "with spend 1:\n"
                + "  user:alice (" + p + ":7): no limits\n"
                + "  exclusive 'catalog:stock:*' (" + p + ":35): no lease; the policy itself keeps any other identity "
                + "from holding it\n"
                + "ALLOW with spend 1: granted (" + p + ":7)\n",
                explain("user:alice", "catalog:stock:count", "s/1", "--spend", "1"));
    }

    @Test
    void explain_spendBeyondABudgetsWholeLimit_isRefusedAsTheAgentRefusesIt() {
        Cli.Run run = explain("user:alice", "payments:capture", "--spend", "6000");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("DENY with spend 6000: budget 5000/1d exhausted: 0 spent, 6000 asked (" + p + ":5); "
                + "allowed: 5000 of 5000 left until 2026-11-24T00:00:00Z", last(run));
    }

    @Test
    void explain_deferredOverABudgetsWholeLimit_isRefused_notDeferred() {
        Cli.Run run = explain("agent:refund-bot", "payments:refund", "order/EU-91", "--spend", "900", "--spend=900");
        assertEquals(2, run.exit(), "one --spend only: " + run);
        run = explain("user:alice", "payments:refund", "order/EU-1", "--spend", "5001");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("DENY with spend 5001: budget 5000/1d exhausted: 0 spent, 5001 asked (" + p + ":5); "
                + "allowed: 5000 of 5000 left until 2026-11-24T00:00:00Z", last(run));
    }

    @Test
    void explain_outsideActiveHours_isRefusedNamingTheNextWindow() {
        Clock saturday = Clock.fixed(Instant.parse("2026-11-28T11:00:00Z"), ZoneOffset.UTC);
        String[] args = {"explain", p, "agent:refund-bot", "payments:refund", "order/EU-91", "--spend", "200"};
        Cli.Run run = Cli.at(saturday, args);
        assertEquals(0, run.exit(), "the first grant, without active hours, allows it: " + run);
        run = Cli.at(saturday, "explain", p, "agent:refund-bot", "payments:refund", "order/EU-91", "--spend", "700");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("DENY with spend 700: max-per-call 500 exceeded: 700 asked (" + p + ":11); allowed: at most 500 per call",
                last(run));
    }

    private static String last(Cli.Run run) {
        String[] lines = run.out().split("\n");
        return lines[lines.length - 1];
    }
}
