package dev.charter.agent.enforce;

import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A session: the scopes it was given, intersected with the authority of the identity it was derived
 * from under the policy in force, until it expires. Expiry is checked by the caller, against its clock.
 */
record SessionAuthority(Sessions.Session session, Authority parent) implements Authority {

    @Override
    public String identity() {
        return session.name();
    }

    @Override
    public Instant expiresAt() {
        return session.expiresAt();
    }

    @Override
    public List<String> chain() {
        List<String> chain = new ArrayList<>();
        chain.add(parent.identity());
        chain.addAll(parent.chain());
        return List.copyOf(chain);
    }

    @Override
    public Coverage coverage(String scope) {
        return holds(scope) ? parent.coverage(scope) : Coverage.NONE;
    }

    @Override
    public Decision decide(String scope, String resource) {
        if (!holds(scope)) {
            return new Decision(false, "not among the session's scopes " + session.scopes(), null);
        }
        Decision above = parent.decide(scope, resource);
        return above.allowed() ? above
                : new Decision(false, "exceeds the authority of principal " + parent.identity() + " ("
                        + above.reason() + ")", above.rule());
    }

    @Override
    public List<String> grantedResources(String scope, String resource) {
        return holds(scope) ? parent.grantedResources(scope, resource) : List.of();
    }

    @Override
    public List<List<Limits>> limits(String scope, String resource) {
        return parent.limits(scope, resource);
    }

    @Override
    public boolean constrained(String scope) {
        return parent.constrained(scope);
    }

    private boolean holds(String scope) {
        for (Predicate<String> pattern : session.patterns()) {
            if (pattern.test(scope)) {
                return true;
            }
        }
        return false;
    }
}
