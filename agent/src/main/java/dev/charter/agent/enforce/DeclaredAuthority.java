package dev.charter.agent.enforce;

import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import java.time.Instant;
import java.util.List;

/** An identity as the policy declares it (or fails to: then it holds nothing). */
record DeclaredAuthority(Policy policy, String identity) implements Authority {

    @Override
    public List<String> chain() {
        return policy.chain(identity);
    }

    @Override
    public Coverage coverage(String scope) {
        return policy.coverage(identity, scope);
    }

    @Override
    public Decision decide(String scope, String resource) {
        return policy.decide(identity, scope, resource);
    }

    @Override
    public List<String> grantedResources(String scope, String resource) {
        List<Decision> levels = policy.levels(identity, scope, resource);
        return levels.isEmpty() || levels.get(0).allowed() ? List.of() : policy.grantedResources(identity, scope);
    }

    @Override
    public List<List<Limits>> limits(String scope, String resource) {
        return policy.limits(identity, scope, resource);
    }

    @Override
    public boolean constrained(String scope) {
        return policy.constrained(identity, scope);
    }

    @Override
    public Instant expiresAt() {
        return null;
    }
}
