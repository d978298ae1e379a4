package dev.charter.agent.cli;

import dev.charter.Governor;
import dev.charter.agent.audit.JsonText;
import dev.charter.agent.enforce.CallDecider;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.Outcome;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyCases;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code test}: runs a policy's unit tests through the agent's own decision code ({@link CallDecider},
 * which the enforcer and {@code explain} run too) — a fresh ledger per case, its clock set to each
 * call's instant, the earlier calls made first, the case's governor answer if any — and compares
 * each decision with what the case expects. One line per failing case, then {@code N passed, M failed}.
 */
final class PolicyTests {

    /** What the agent decided on one call: allow, deny or defer (with the governor's answer), why, by which rule. */
    record Result(PolicyCases.Expect decision, String kind, String reason, String rule) {
    }

    private PolicyTests() {
    }

    /** Runs every case and returns how many failed. */
    static int run(Policy policy, Iterable<PolicyCases.Case> cases, PrintStream out) {
        int passed = 0;
        int failed = 0;
        for (PolicyCases.Case each : cases) {
            Result outcome = decide(policy, each);
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
    private static String problem(PolicyCases.Case each, Result outcome) {
        String got = outcome.kind() + ": " + outcome.reason() + (outcome.rule() == null ? "" : " (" + outcome.rule() + ")");
        if (outcome.decision() != each.expect()) {
            return "expected " + name(each.expect()) + ", got " + oneLine(got);
        }
        if (each.reason() != null && (outcome.reason() == null || !outcome.reason().contains(each.reason()))) {
            return "expected a reason containing " + JsonText.of(each.reason()) + ", got " + oneLine(got);
        }
        return null;
    }

    /** Decides the case's call after its earlier calls, on a fresh ledger, with the agent's decision code. */
    static Result decide(Policy policy, PolicyCases.Case each) {
        SetClock clock = new SetClock();
        Boolean approves = each.governorApproves();
        CallDecider decider = new CallDecider(policy, new InMemoryLedger(), clock, approves == null ? null
                : deferral -> approves ? Governor.Verdict.approve("approved by the case")
                        : Governor.Verdict.refuse("refused by the case"));
        for (PolicyCases.Call call : each.before()) {
            call(decider, clock, call);
        }
        Outcome outcome = call(decider, clock, each.call());
        // with the case's governor answering, a deferral ends as the allow or deny it gave
        PolicyCases.Expect decision = switch (outcome.kind()) {
            case ALLOW, DEFER_APPROVED -> PolicyCases.Expect.ALLOW;
            case DENY, DEFER_DENIED -> PolicyCases.Expect.DENY;
            case DEFER -> PolicyCases.Expect.DEFER;
        };
        return new Result(decision, outcome.kind().text(), outcome.decision().reason(), outcome.decision().rule());
    }

    private static Outcome call(CallDecider decider, SetClock clock, PolicyCases.Call call) {
        clock.now = call.at() != null ? call.at() : Instant.now();
        return decider.decide(call.identity(), call.scope(), call.resource(), call.spend(), "cases#" + call.scope());
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
}
