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
 * where governance defers. State changes only when the call passes all of them.
 */
final class Constraints {

    /** A decision and how the audit log names it: allow, deny, defer-approved or defer-denied. */
    record Outcome(Decision decision, String kind) {
    }

    /** One set of review threads for the JVM, whatever the policy in force, started with the agent, unbound. */
    private static final Reviews REVIEWS = new Reviews();

    private final Policy policy;
    private final Ledger ledger;
    private final Clock clock;
    private final Duration governorTimeout;

    Constraints(Policy policy, Ledger ledger, Clock clock, Duration governorTimeout) {
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
        this.governorTimeout = governorTimeout;
    }

    /**
     * Applies everything beyond scope and resource to a call that {@code allowed} lets through.
     *
     * @param amount the call's spend, exact, or {@code null} when the action spends nothing
     */
    Outcome apply(Authority caller, ActionSite site, String resource, BigDecimal amount, Decision allowed) {
        Instant now = clock.instant();
        List<Ledger.Charge> charges = new ArrayList<>();
        for (List<Limits> level : caller.limits(site.scope(), resource)) {
            Limits chosen = null;
            Decision refused = null;
            for (Limits candidate : level) {
                Decision problem = refusal(candidate, amount, now);
                if (problem == null) {
                    chosen = candidate;
                    break;
                }
                refused = refused == null ? problem : refused;
            }
            if (chosen == null) {
                return new Outcome(refused, "deny");
            }
            if (chosen.rate() != null) {
                charges.add(new Ledger.Charge(chosen.rateCounter(), "rate", chosen.rate(), BigDecimal.ONE, chosen.rule()));
            }
            if (chosen.budget() != null && amount != null) {
                charges.add(new Ledger.Charge(chosen.budgetCounter(), "budget", chosen.budget(), amount, chosen.rule()));
            }
        }
        Ledger.LeaseRequest lease = lease(caller, site.scope(), resource);
        Deferral deferral = deferral(site.scope(), amount);
        if (deferral == null) {
            return commit(charges, lease, now, allowed, "allow");
        }
        Ledger.Refusal early = ledger.check(charges, lease, now);
        if (early != null) {
            return new Outcome(new Decision(false, early.reason(), early.rule()), "deny");
        }
        Governor.Verdict verdict = review(new Governor.Deferral(caller.identity(), caller.chain(), site.scope(), resource,
                amount, site.method(), deferral.rule()));
        String asked = "deferred for approval" + (deferral.spendOver() == null ? "" : " (spend over "
                + deferral.spendOver().toPlainString() + ")");
        if (!verdict.approved()) {
            return new Outcome(new Decision(false, asked + ", refused: " + verdict.reason(), deferral.rule()), "defer-denied");
        }
        return commit(charges, lease, clock.instant(),
                new Decision(true, asked + ", approved: " + verdict.reason(), deferral.rule()), "defer-approved");
    }

    private Outcome commit(List<Ledger.Charge> charges, Ledger.LeaseRequest lease, Instant now, Decision allowed,
            String kind) {
        Ledger.Refusal refusal = charges.isEmpty() && lease == null ? null : ledger.commit(charges, lease, now);
        return refusal == null ? new Outcome(allowed, kind)
                : new Outcome(new Decision(false, refusal.reason(), refusal.rule()), "deny");
    }

    /** Why one grant's own limits refuse the call now, or {@code null}. */
    private static Decision refusal(Limits limits, BigDecimal amount, Instant now) {
        if (limits.expires() != null && !now.isBefore(limits.expires())) {
            return new Decision(false, "grant expired at " + limits.expires(), limits.rule());
        }
        if (limits.active() != null && !limits.active().contains(now)) {
            return new Decision(false, "outside active hours " + limits.active().text(), limits.rule());
        }
        if (limits.maxPerCall() != null && amount != null && amount.compareTo(limits.maxPerCall()) > 0) {
            return new Decision(false, "max-per-call " + limits.maxPerCall().toPlainString() + " exceeded: "
                    + amount.toPlainString() + " asked", limits.rule());
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
    private Governor.Verdict review(Governor.Deferral deferral) {
        return REVIEWS.review(deferral, governorTimeout);
    }
}
