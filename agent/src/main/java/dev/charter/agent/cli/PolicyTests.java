package dev.charter.agent.cli;

import dev.charter.Charter;
import dev.charter.Gate;
import dev.charter.Governor;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.audit.JsonText;
import dev.charter.agent.enforce.ActionSite;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyCases;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code test}: runs a policy's unit tests through the agent's own decision code — a fresh enforcer and
 * ledger per case, its clock set to each call's instant, the earlier calls made first — and compares
 * each decision with what the case expects. One line per failing case, then {@code N passed, M failed}.
 */
final class PolicyTests {

    /** How long a deferred call waits for the case's governor, which answers at once. */
    private static final Duration GOVERNOR_TIMEOUT = Duration.ofSeconds(10);

    /** What the agent decided on one call: allow, deny or defer (with the governor's answer), why, by which rule. */
    record Outcome(PolicyCases.Expect decision, String kind, String reason, String rule) {
    }

    private PolicyTests() {
    }

    /** Runs every case and returns how many failed. */
    static int run(Policy policy, Iterable<PolicyCases.Case> cases, PrintStream out) {
        int passed = 0;
        int failed = 0;
        for (PolicyCases.Case each : cases) {
            Outcome outcome = decide(policy, each);
            String problem = problem(each, outcome);
            if (problem == null) {
                passed++;
            } else {
                failed++;
                out.println(each.call().rule() + ": " + oneLine(each.name()) + ": " + problem);
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed;
    }

    /** Why the case fails, or {@code null} when it passes. */
    private static String problem(PolicyCases.Case each, Outcome outcome) {
        String got = outcome.kind() + ": " + outcome.reason() + (outcome.rule() == null ? "" : " (" + outcome.rule() + ")");
        if (outcome.decision() != each.expect()) {
            return "expected " + name(each.expect()) + ", got " + oneLine(got);
        }
        if (each.reason() != null && (outcome.reason() == null || !outcome.reason().contains(each.reason()))) {
            return "expected a reason containing " + JsonText.of(each.reason()) + ", got " + oneLine(got);
        }
        return null;
    }

    /** Decides the case's call after its earlier calls, on a fresh ledger, as the agent would. */
    static Outcome decide(Policy policy, PolicyCases.Case each) {
        SetClock clock = new SetClock();
        LastRecord log = new LastRecord();
        Actions actions = new Actions();
        PolicyEnforcer enforcer = new PolicyEnforcer(policy, Mode.ENFORCE, true, actions, log, clock,
                new InMemoryLedger(), GOVERNOR_TIMEOUT);
        Governor before = Gate.governor();
        try {
            Charter.governor(each.governorApproves() == null ? null : deferral -> each.governorApproves()
                    ? Governor.Verdict.approve("approved by the case") : Governor.Verdict.refuse("refused by the case"));
            for (PolicyCases.Call call : each.before()) {
                call(enforcer, actions, clock, log, call, each.governorApproves() != null);
            }
            return call(enforcer, actions, clock, log, each.call(), each.governorApproves() != null);
        } finally {
            Charter.governor(before);
        }
    }

    private static Outcome call(PolicyEnforcer enforcer, Actions actions, SetClock clock, LastRecord log,
            PolicyCases.Call call, boolean governed) {
        clock.now = call.at() != null ? call.at() : Instant.now();
        // one action per shape of call: whether it names a resource and a spend is the action's, not the call's
        ActionSite site = actions.register(call.scope(), "cases#" + call.scope() + "(" + (call.resource() != null ? "resource" : "")
                + "," + (call.spend() != null ? "spend" : "") + ")", call.resource() != null, call.spend() != null);
        log.last = null;
        try {
            enforcer.decide(enforcer.row(call.identity()), site.id(), call.resource(), call.spend());
        } catch (ScopeViolation refused) {
            // the record says how it was refused: outright or by the governor
        }
        AuditRecord record = log.last;
        // with the case's governor answering, a deferral ends as the allow or deny it gave
        PolicyCases.Expect decision = switch (record.decision()) {
            case "allow" -> PolicyCases.Expect.ALLOW;
            case "deny" -> PolicyCases.Expect.DENY;
            case "defer-approved" -> governed ? PolicyCases.Expect.ALLOW : PolicyCases.Expect.DEFER;
            default -> governed ? PolicyCases.Expect.DENY : PolicyCases.Expect.DEFER;
        };
        return new Outcome(decision, record.decision(), record.reason(), record.rule());
    }

    private static String name(PolicyCases.Expect expect) {
        return expect.name().toLowerCase(Locale.ROOT);
    }

    /** Text on one line: a case's name or a reason never breaks the report's lines. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\u2028\u2029\u0085]+", " ");
    }

    /** A clock that reads the instant the case sets. */
    private static final class SetClock extends Clock {

        private Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a case's clock is UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Keeps the last decision the enforcer recorded; with every allow recorded, that is the call's. */
    private static final class LastRecord implements DecisionLog {

        private AuditRecord last;

        @Override
        public boolean decision(AuditRecord record) {
            last = record;
            return true;
        }

        @Override
        public void policyLoaded(String file, String mode, int identities) {
        }

        @Override
        public void policyRejected(String file, String problem) {
        }
    }
}
