package dev.charter.agent.cli;

import static dev.charter.agent.enforce.Thrown.thrown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.ScopeViolation;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.enforce.ActionSite;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One table of calls, each decided by the agent's enforcer (on a fresh ledger, no governor) and by
 * {@code explain}: both must reach the same decision, under the same rule, for the same reason.
 */
class ExplainAgreesWithAgentTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                    budget: { limit: 10000, per: 1d }
              agent:refund-bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
                    max-per-call: 500
                    active: { days: MON-FRI, from: "08:00", to: "18:00", zone: Europe/Berlin }
              agent:limited:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:capture"
                    max-per-call: 50
                    rate: { calls: 5, per: 1m }
            governance:
              - scope: "payments:refund"
                when: { spend-over: 300 }
                defer: approval
            """;

    private static final Instant MONDAY_NOON = Instant.parse("2026-11-23T11:00:00Z");
    private static final Instant SATURDAY_NOON = Instant.parse("2026-11-28T11:00:00Z");

    @TempDir
    Path dir;

    /** Agent's decision as the audit log names it; explain's exit: 0 allow, 1 deny, 3 deferred. */
    @ParameterizedTest(name = "{0} {1} {2} spending {3} on {4}: {5}")
    @CsvSource({
            "user:alice,       payments:capture, order/1,     9000,  monday,   allow",
            "user:alice,       payments:capture, order/1,     20000, monday,   deny",
            "user:alice,       payments:refund,  order/1,     400,   monday,   defer",
            "user:alice,       payments:refund,  order/1,     20000, monday,   deny",
            "agent:refund-bot, payments:refund,  order/EU-1,  200,   monday,   allow",
            "agent:refund-bot, payments:refund,  order/US-1,  200,   monday,   deny",
            "agent:refund-bot, payments:refund,  order/EU-1,  600,   monday,   deny",
            "agent:refund-bot, payments:refund,  order/EU-1,  400,   monday,   defer",
            "agent:refund-bot, payments:refund,  order/EU-1,  200,   saturday, deny",
            "agent:refund-bot, payments:capture, order/EU-1,  1,     monday,   deny",
            "agent:limited,    payments:capture, order/1,     80,    monday,   deny",
            "agent:limited,    payments:capture, order/1,     50,    monday,   allow",
            "agent:nobody,     payments:capture, order/1,     1,     monday,   deny",
    })
    void agentAndExplain_decideAlike(String identity, String scope, String resource, long spend, String day,
            String expected) throws Exception {
        Clock clock = Clock.fixed(day.equals("monday") ? MONDAY_NOON : SATURDAY_NOON, ZoneOffset.UTC);
        Path file = dir.resolve("charter.yaml");
        Files.writeString(file, POLICY);

        RecordingLog log = new RecordingLog();
        Actions actions = new Actions();
        ActionSite site = actions.register(scope, "Tool#call(java.lang.String,long)", true, true);
        PolicyEnforcer enforcer = new PolicyEnforcer(Policy.load(file), Mode.ENFORCE, false, actions, log, clock,
                new InMemoryLedger(), Duration.ofSeconds(5));
        ScopeViolation refused = null;
        try {
            thrown(enforcer.decide(enforcer.row(identity), site.id(), resource, spend));
        } catch (ScopeViolation e) {
            refused = e;
        }
        String agent = refused == null ? "allow" : log.decisions.get(0).decision().equals("defer-denied") ? "defer" : "deny";

        Cli.Run explained = Cli.at(clock, "explain", file.toString(), identity, scope, resource, "--spend", String.valueOf(spend));
        String[] lines = explained.out().split("\n");
        // refused on authority, the first line is the verdict; otherwise the last, after the limits
        String verdict = lines[0].startsWith("DENY ") ? lines[0] : lines[lines.length - 1];

        assertEquals(expected, agent, "the agent");
        assertEquals(switch (expected) {
            case "allow" -> 0;
            case "deny" -> 1;
            default -> 3;
        }, explained.exit(), explained.toString());
        if (refused == null) {
            assertTrue(verdict.startsWith("ALLOW"), verdict);
            return;
        }
        assertTrue(verdict.contains(refused.getRule() == null ? ": " : "(" + refused.getRule() + ")"), verdict);
        if (agent.equals("deny")) {
            assertTrue(verdict.contains(refused.getReason()), "explain says what the agent says: " + refused.getMessage()
                    + "\n" + explained);
            assertTrue(refused.getAllowed().isEmpty() || verdict.endsWith("; allowed: " + refused.getAllowed()), verdict);
        }
    }
}
