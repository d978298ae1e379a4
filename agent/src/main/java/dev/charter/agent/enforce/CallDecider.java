package dev.charter.agent.enforce;

import dev.charter.Governor;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Policy;
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

    /** Approves or refuses a deferred call: the agent asks the registered governor. */
    @FunctionalInterface
    public interface Reviewer {
        /** The governor's verdict on {@code deferral}; never {@code null}. */
        Governor.Verdict review(Governor.Deferral deferral);
    }

    private final Policy policy;
    private final Constraints constraints;

    /**
     * @param ledger what earlier calls charged, and where a call that passes is charged
     * @param reviewer who approves deferred calls, or {@code null} to return them as {@link Outcome.Kind#DEFER}
     */
    public CallDecider(Policy policy, Ledger ledger, Clock clock, Reviewer reviewer) {
        this.policy = policy;
        this.constraints = new Constraints(policy, ledger, clock, reviewer);
    }

    /** Like {@link #CallDecider(Policy, Ledger, Clock, Reviewer)}, asking {@code governor} with a timeout. */
    static CallDecider governed(Policy policy, Ledger ledger, Clock clock, Duration governorTimeout) {
        return new CallDecider(policy, ledger, clock, Constraints.governor(governorTimeout));
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
        return decide(caller, spendChecked(caller.decide(scope, resource), spend != null, spend),
                caller.constrained(scope), scope, method, resource, spend);
    }

    /**
     * {@code scoped}, or a refusal when it allows a call of an action that spends ({@code hasSpend}) an
     * amount that is not a finite amount ≥ 0: negative, NaN, infinite, {@code null} or not a number.
     */
    static Decision spendChecked(Decision scoped, boolean hasSpend, Object spend) {
        return scoped.allowed() && hasSpend && !Spend.valid(spend)
                ? new Decision(false, Spend.INVALID + " (not " + Spend.describe(spend) + ")", null) : scoped;
    }

    /**
     * Decides a call whose authority was decided already ({@code scoped}, cached by the caller's row),
     * {@code constrained} saying whether limits, governance or leases may apply to its scope.
     */
    Outcome decide(Authority caller, Decision scoped, boolean constrained, String scope, String method,
            String resource, Object spend) {
        if (!scoped.allowed()) {
            List<String> globs = resource == null ? List.of() : caller.grantedResources(scope, resource);
            return Outcome.deny(scoped, String.join(", ", globs));
        }
        if (!constrained) {
            return Outcome.allow(scoped);
        }
        return constraints.apply(caller, scope, method, resource, spend, scoped);
    }
}
