package dev.charter.agent.enforce;

import dev.charter.Governor;
import dev.charter.agent.audit.JsonText;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a call the policy allows must still pass: each level's grant limits (expiry, active hours,
 * max per call), rates and budgets along the chain, a lease on an exclusive resource, and approval
 * where governance defers. State changes only when the call passes all of them. Each refusal says
 * what the refusing limit would allow instead.
 */
final class Constraints {

    /** One set of review threads for the JVM, whatever the policy in force, started with the agent, unbound. */
    private static final Reviews REVIEWS = new Reviews();

    private final Policy policy;
    private final Ledger ledger;
    private final Clock clock;
    private final CallDecider.Reviewer reviewer;

    /** @param reviewer who approves deferred calls, or {@code null}: they come back unasked, as {@code defer} */
    Constraints(Policy policy, Ledger ledger, Clock clock, CallDecider.Reviewer reviewer) {
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
        this.reviewer = reviewer;
    }

    /** The reviewer that asks the registered governor, waiting at most {@code governorTimeout}. */
    static CallDecider.Reviewer governor(Duration governorTimeout) {
        return deferral -> review(deferral, governorTimeout);
    }

    /** Applies everything beyond scope and resource to a call that {@code allowed} lets through. */
    Outcome apply(Authority caller, String scope, String method, String resource, Object spend, Decision allowed) {
        BigDecimal amount = spend == null ? null : Spend.exact(spend);
        Instant now = clock.instant();
        List<Ledger.Charge> charges = new ArrayList<>();
        for (List<Limits> level : caller.limits(scope, resource)) {
            Limits chosen = null;
            Outcome refused = null;
            for (Limits candidate : level) {
                Outcome problem = refusal(candidate, amount, now);
                if (problem == null) {
                    chosen = candidate;
                    break;
                }
                refused = refused == null ? problem : refused;
            }
            if (chosen == null) {
                return refused;
            }
            if (chosen.rate() != null) {
                charges.add(new Ledger.Charge(chosen.rateCounter(), "rate", chosen.rate(), BigDecimal.ONE, chosen.rule()));
            }
            if (chosen.budget() != null && amount != null) {
                charges.add(new Ledger.Charge(chosen.budgetCounter(), "budget", chosen.budget(), amount, chosen.rule()));
            }
        }
        Ledger.LeaseRequest lease = lease(caller, scope, resource);
        Deferral deferral = deferral(scope, amount);
        if (deferral == null) {
            return commit(charges, lease, now, Outcome.allow(allowed));
        }
        Ledger.Refusal early = ledger.check(charges, lease, now);
        if (early != null) {
            return refused(early);
        }
        String asked = "deferred for approval" + (deferral.spendOver() == null ? "" : " (spend over "
                + deferral.spendOver().toPlainString() + ")");
        String withoutApproval = deferral.spendOver() == null ? ""
                : "up to " + deferral.spendOver().toPlainString() + " without approval";
        if (reviewer == null) {
            return new Outcome(Outcome.Kind.DEFER, new Decision(false, asked + ": the governor approves or refuses",
                    deferral.rule()), withoutApproval);
        }
        Governor.Verdict verdict = reviewer.review(new Governor.Deferral(caller.identity(), caller.chain(), scope,
                resource, amount, method, deferral.rule()));
        if (!verdict.approved()) {
            return new Outcome(Outcome.Kind.DEFER_DENIED,
                    new Decision(false, asked + ", refused: " + verdict.reason(), deferral.rule()), withoutApproval);
        }
        return commit(charges, lease, clock.instant(), new Outcome(Outcome.Kind.DEFER_APPROVED,
                new Decision(true, asked + ", approved: " + verdict.reason(), deferral.rule()), ""));
    }

    private Outcome commit(List<Ledger.Charge> charges, Ledger.LeaseRequest lease, Instant now, Outcome passed) {
        Ledger.Refusal refusal = charges.isEmpty() && lease == null ? null : ledger.commit(charges, lease, now);
        return refusal == null ? passed : refused(refusal);
    }

    private static Outcome refused(Ledger.Refusal refusal) {
        return Outcome.deny(new Decision(false, refusal.reason(), refusal.rule()), refusal.allowed());
    }

    /** Why one grant's own limits refuse the call now, and what they would allow, or {@code null}. */
    private static Outcome refusal(Limits limits, BigDecimal amount, Instant now) {
        if (limits.expires() != null && !now.isBefore(limits.expires())) {
            return Outcome.deny(new Decision(false, "grant expired at " + limits.expires(), limits.rule()), "");
        }
        if (limits.active() != null && !limits.active().contains(now)) {
            Instant opens = limits.active().nextStart(now);
            return Outcome.deny(new Decision(false, "outside active hours " + limits.active().text(), limits.rule()),
                    opens == null ? "" : "next active from " + opens);
        }
        if (limits.maxPerCall() != null && amount != null && amount.compareTo(limits.maxPerCall()) > 0) {
            return Outcome.deny(new Decision(false, "max-per-call " + limits.maxPerCall().toPlainString() + " exceeded: "
                    + Spend.text(amount) + " asked", limits.rule()),
                    "at most " + limits.maxPerCall().toPlainString() + " per call");
        }
        return null;
    }

    /**
     * The lease a call takes on an exclusive resource, for its delegation line: a session acts as the
     * identity it was derived from, and the line is that identity and its principals. The lease's key
     * is the exclusive rule as written and the resource: {@code ["lease","catalog:price:*","sku/2"]}.
     */
    private Ledger.LeaseRequest lease(Authority caller, String scope, String resource) {
        Exclusive exclusive = policy.exclusive(scope);
        if (exclusive == null || exclusive.lease() == null || resource == null) {
            return null;
        }
        Authority actor = caller;
        while (actor instanceof SessionAuthority session) {
            actor = session.parent();
        }
        Set<String> line = new HashSet<>(actor.chain());
        line.add(actor.identity());
        return new Ledger.LeaseRequest(JsonText.of(List.of("lease", exclusive.pattern(), resource)), actor.identity(),
                Set.copyOf(line), exclusive.lease(), exclusive.rule());
    }

    private Deferral deferral(String scope, BigDecimal amount) {
        for (Deferral deferral : policy.deferrals(scope)) {
            if (deferral.applies(amount)) {
                return deferral;
            }
        }
        return null;
    }

    /** Asks the registered governor on a thread of Charter's own, waiting at most the timeout. */
    private static Governor.Verdict review(Governor.Deferral deferral, Duration governorTimeout) {
        return REVIEWS.review(deferral, governorTimeout);
    }
}
