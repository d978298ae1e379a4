package dev.charter.agent.cli;

import dev.charter.agent.enforce.CallDecider;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.Outcome;
import dev.charter.agent.enforce.Spend;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code explain}: how the agent decides one call. The verdict comes from the agent's own decision
 * code ({@link CallDecider}), run now on an empty ledger with no governor to ask: nothing spent,
 * counted or leased yet, and a deferral reported as such. Around it, the facts behind it: what each
 * level of the chain decides from its own grants and, with a spend, the limits of the grants that
 * allow it, level by level, the deferral that would ask the governor and the lease an exclusive
 * scope would take.
 */
final class Explain {

    private final Policy policy;
    private final String identity;
    private final String scope;
    private final String resource;
    private final PrintStream out;

    private Explain(Policy policy, String identity, String scope, String resource, PrintStream out) {
        this.policy = policy;
        this.identity = identity;
        this.scope = scope;
        this.resource = resource;
        this.out = out;
    }

    /**
     * Explains the call and returns how the agent would decide it at {@code clock}'s now, with nothing
     * spent before; {@code scope} must be a valid action scope and {@code spend} is {@code null} when
     * none was given.
     */
    static Outcome.Kind run(Policy policy, String identity, String scope, String resource, BigDecimal spend,
            Clock clock, PrintStream out) {
        return new Explain(policy, identity, scope, resource, out).explain(spend, clock);
    }

    private Outcome.Kind explain(BigDecimal spend, Clock clock) {
        Outcome outcome = new CallDecider(policy, new InMemoryLedger(), clock, null)
                .decide(identity, scope, resource, spend, null);
        Decision decision = policy.decide(identity, scope, resource);
        out.println((decision.allowed() ? "ALLOW " : "DENY ") + identity + " " + scope
                + (resource == null ? "" : " on " + resource) + ": " + reasoned(decision, decision.allowed() ? ""
                        : outcome.allowed()));
        List<Decision> levels = policy.levels(identity, scope, resource);
        List<String> names = names();
        for (int i = 0; i < levels.size(); i++) {
            out.println("  " + (i == 0 ? "" : "on behalf of ") + names.get(i) + ": " + reasoned(levels.get(i), ""));
        }
        if (!decision.allowed()) {
            return outcome.kind();
        }
        if (spend == null) {
            if (policy.constrained(identity, scope)) {
                out.println("  limits or governance apply to this scope: add --spend <amount> to see them");
                if (outcome.kind() != Outcome.Kind.ALLOW) {
                    out.println(verdict(outcome) + " now, spending nothing: " + reasoned(outcome));
                }
            }
            return outcome.kind();
        }
        limits(spend, names);
        out.println(verdict(outcome) + " with spend " + Spend.text(spend) + ": " + reasoned(outcome));
        return outcome.kind();
    }

    private static String verdict(Outcome outcome) {
        return switch (outcome.kind()) {
            case ALLOW, DEFER_APPROVED -> "ALLOW";
            case DEFER -> "DEFER";
            case DENY, DEFER_DENIED -> "DENY";
        };
    }

    /** The identity, then its principals nearest first. */
    private List<String> names() {
        List<String> names = new ArrayList<>(List.of(identity));
        names.addAll(policy.chain(identity));
        return names;
    }

    /** Prints the limits a call spending {@code spend} meets, level by level, its deferral and its lease. */
    private void limits(BigDecimal spend, List<String> names) {
        out.println("with spend " + Spend.text(spend) + ":");
        List<List<Limits>> levels = policy.limits(identity, scope, resource);
        for (int i = 0; i < levels.size(); i++) {
            List<Limits> level = levels.get(i);
            if (level.size() > 1) {
                out.println("  " + names.get(i) + ": the first of these " + level.size() + " grants that the call meets is charged");
            }
            for (Limits limits : level) {
                out.println("  " + names.get(i) + " (" + limits.rule() + "): " + describe(limits));
            }
        }
        governance(spend);
        lease();
    }

    private static String describe(Limits limits) {
        if (limits.none()) {
            return "no limits";
        }
        List<String> parts = new ArrayList<>();
        if (limits.maxPerCall() != null) {
            parts.add("max-per-call " + limits.maxPerCall().toPlainString());
        }
        if (limits.budget() != null) {
            parts.add("budget " + limits.budget().text());
        }
        if (limits.rate() != null) {
            parts.add("rate " + limits.rate().text());
        }
        if (limits.active() != null) {
            parts.add("active " + limits.active().text());
        }
        if (limits.expires() != null) {
            parts.add("expires " + limits.expires());
        }
        return String.join("; ", parts);
    }

    /** Prints the deferrals of the scope: the first that applies asks the governor. */
    private void governance(BigDecimal spend) {
        for (Deferral deferral : policy.deferrals(scope)) {
            String when = deferral.spendOver() == null ? "always" : "spend over " + deferral.spendOver().toPlainString();
            if (deferral.applies(spend)) {
                out.println("  deferred (" + deferral.rule() + "): asks the governor for approval (" + when + ")");
                return;
            }
            out.println("  not deferred (" + deferral.rule() + "): only " + when);
        }
    }

    /** Prints what the scope's exclusive rule does to this call. */
    private void lease() {
        Exclusive exclusive = policy.exclusive(scope);
        if (exclusive == null) {
            return;
        }
        String rule = "  exclusive '" + exclusive.pattern() + "' (" + exclusive.rule() + "): ";
        if (exclusive.lease() == null) {
            out.println(rule + "no lease; the policy itself keeps any other identity from holding it");
            return;
        }
        if (resource == null) {
            out.println(rule + "the call names no resource, so it takes no lease");
            return;
        }
        out.println(rule + identity + " would hold " + resource + " until " + Check.duration(exclusive.lease())
                + " after its last action; refused while another identity holds it, unless one acts on behalf of the other");
    }

    private static String reasoned(Outcome outcome) {
        return reasoned(outcome.decision(), outcome.allowed());
    }

    private static String reasoned(Decision decision, String allowed) {
        return decision.reason() + (decision.rule() == null ? "" : " (" + decision.rule() + ")")
                + (allowed.isEmpty() ? "" : "; allowed: " + allowed);
    }
}
