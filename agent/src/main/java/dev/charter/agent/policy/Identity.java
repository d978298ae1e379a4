package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.List;

/** A declared identity: its own grants in file order and, when it acts on behalf of another, that principal. */
final class Identity {

    private static final Decision NO_RULE = new Decision(false, "no rule grants it", null);

    private final String principal;
    private final Decision exceedsPrincipal;
    private final Grant[] grants;

    /**
     * An identity with {@code grants}; {@code principal} is {@code null} when it acts on its own, and
     * {@code delegationRule} then too, else the {@code file:line} of its {@code on-behalf-of} key.
     */
    Identity(String principal, String delegationRule, List<Grant> grants) {
        this.principal = principal;
        this.exceedsPrincipal = principal == null ? null
                : new Decision(false, "exceeds the authority of principal " + principal, delegationRule);
        this.grants = grants.toArray(new Grant[0]);
    }

    /** The identity this one acts on behalf of, or {@code null}. */
    String principal() {
        return principal;
    }

    /** The identity's own grants, in file order. */
    List<Grant> grants() {
        return List.of(grants);
    }

    /** The decision refusing an action this identity's own grants allow but its principal's authority does not. */
    Decision exceedsPrincipal() {
        return exceedsPrincipal;
    }

    /** What this identity's own grants decide, ignoring its principal. */
    Decision decideOwn(String scope, String resource) {
        Grant firstImplying = null;
        for (Grant grant : grants) {
            if (grant.implies(scope)) {
                if (grant.covers(resource)) {
                    return grant.allows();
                }
                if (firstImplying == null) {
                    firstImplying = grant;
                }
            }
        }
        return firstImplying == null ? NO_RULE : firstImplying.refuses(resource);
    }

    /** The limits of this identity's own grants that imply {@code scope} and cover {@code resource}, in file order. */
    List<Limits> coveringLimits(String scope, String resource) {
        List<Limits> limits = new ArrayList<>();
        for (Grant grant : grants) {
            if (grant.implies(scope) && grant.covers(resource)) {
                limits.add(grant.limits());
            }
        }
        return List.copyOf(limits);
    }

    /** Whether some own grant implying {@code scope} has limits. */
    boolean hasLimits(String scope) {
        for (Grant grant : grants) {
            if (grant.implies(scope) && !grant.limits().none()) {
                return true;
            }
        }
        return false;
    }

    /** How much of {@code scope} this identity's own grants cover, ignoring its principal. */
    Coverage ownCoverage(String scope) {
        Coverage coverage = Coverage.NONE;
        for (Grant grant : grants) {
            if (grant.implies(scope)) {
                if (grant.coversEveryResource()) {
                    return Coverage.ALL_RESOURCES;
                }
                coverage = Coverage.SOME_RESOURCES;
            }
        }
        return coverage;
    }
}
