package dev.charter.agent.enforce;

import dev.charter.Governor;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Policy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Decides one call as the agent does, start to end: authority (scope and resource along the chain),
 * then each grant's limits, rates and budgets, an exclusive resource's lease, and governance; a
 * refusal comes with what the caller's own grants would allow instead. The agent's enforcer decides
 * every call it cannot settle on its fast path here, and the command line's {@code explain} does too,
 * so the two never disagree.
 *
 * <p>What earlier calls spent, counted and leased is in the {@link Ledger}, which a call that passes
 * charges; the time is the {@link Clock}'s. Deferred calls go to the {@link Reviewer}; without one they
 * come back as {@link Outcome.Kind#DEFER}, unasked and uncharged.
 */
public final class CallDecider {

    /** One set of review threads for the JVM, whatever the policy in force, started with the agent, unbound. */
    private static final Reviews REVIEWS = new Reviews();

    /** Approves or refuses a deferred call: the agent asks the registered governor. */
    @FunctionalInterface
    public interface Reviewer {
        /** The governor's verdict on {@code deferral}; never {@code null}. */
        Governor.Verdict review(Governor.Deferral deferral);
    }

    final Policy policy;
    final Ledger ledger;
    final Clock clock;
    final Reviewer reviewer;

    /**
     * @param ledger what earlier calls charged, and where a call that passes is charged
     * @param reviewer who approves deferred calls, or {@code null} to return them as {@link Outcome.Kind#DEFER}
     */
    public CallDecider(Policy policy, Ledger ledger, Clock clock, Reviewer reviewer) {
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
        this.reviewer = reviewer;
    }

    /** Like {@link #CallDecider(Policy, Ledger, Clock, Reviewer)}, asking the registered governor with a timeout. */
    static CallDecider governed(Policy policy, Ledger ledger, Clock clock, Duration governorTimeout) {
        return new CallDecider(policy, ledger, clock, deferral -> REVIEWS.review(deferral, governorTimeout));
    }

    /**
     * Decides a call of {@code identity}, as the policy declares it, with {@code scope} on
     * {@code resource} spending {@code spend}, as the agent would decide it now.
     *
     * @param resource the {@code @ActsOn} value, or {@code null} when the action names none
     * @param spend the {@code @Spends} argument, or {@code null} when the action spends nothing
     * @param method the method called, for the governor
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope
     */
    public Outcome decide(String identity, String scope, String resource, Object spend, String method) {
        Authority caller = new DeclaredAuthority(policy, identity);
        boolean spends = spend != null;
        Decision scoped = spendChecked(caller.decide(scope, resource), spends, spend);
        Constraints constraints = scoped.allowed() && caller.constrained(scope)
                ? constraints(caller, scope, resource, spends, scoped) : null;
        long whole = Spend.whole(spend);
        return decide(caller, scoped, constraints, scope, method, resource, whole,
                whole == Ledger.NO_AMOUNT && spends ? Spend.exact(spend) : null);
    }

    /**
     * {@code scoped}, or a refusal when it allows a call of an action that spends ({@code hasSpend}) an
     * amount that is not a finite amount ≥ 0: negative, NaN, infinite, {@code null} or not a number.
     */
    static Decision spendChecked(Decision scoped, boolean hasSpend, Object spend) {
        return scoped.allowed() && hasSpend && !Spend.valid(spend)
                ? new Decision(false, Spend.INVALID + " (not " + Spend.describe(spend) + ")", null) : scoped;
    }

    /** What a call of {@code caller} that {@code allowed} lets through must still pass; compiled once, kept by its row. */
    Constraints constraints(Authority caller, String scope, String resource, boolean spends, Decision allowed) {
        return Constraints.compile(this, caller, scope, resource, spends, allowed);
    }

    /**
     * Decides a call whose authority was decided already ({@code scoped}, cached by the caller's row),
     * in order: authority, then what {@code constraints} require (limits, the ledger, governance),
     * {@code null} when nothing beyond scope and resource applies. The amount is {@code whole}, or
     * {@code exact} when not {@code null} ({@link Ledger#NO_AMOUNT}: none).
     */
    Outcome decide(Authority caller, Decision scoped, Constraints constraints, String scope, String method,
            String resource, long whole, BigDecimal exact) {
        if (!scoped.allowed()) {
            List<String> globs = resource == null ? List.of() : caller.grantedResources(scope, resource);
            return Outcome.deny(scoped, String.join(", ", globs));
        }
        if (constraints == null) {
            return Outcome.allow(scoped);
        }
        return constraints.apply(caller, scope, method, resource, whole, exact);
    }
}
