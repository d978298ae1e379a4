package dev.charter.agent.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.charter.Gate;
import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Policy;
import java.util.List;

/**
 * One identity's authority over the actions registered when it was compiled. The gate's bits cover
 * actions allowed on every resource; the decisions here answer the rest, per resource cached.
 */
final class IdentityRow extends Gate.Row {

    private static final int RESOURCES_PER_IDENTITY = 4_096;

    final String identity;
    final List<String> chain;
    private final Policy policy;
    /** Per action: its decision when it does not depend on the resource, else {@code null}. */
    private final Decision[] fixed;
    /** Per resource: decisions by action id, filled as actions are first asked for on that resource. */
    private final Cache<String, Decision[]> byResource;

    private IdentityRow(String identity, Policy policy, long[] bits, Decision[] fixed) {
        super(bits, fixed.length);
        this.identity = identity;
        this.chain = policy.chain(identity);
        this.policy = policy;
        this.fixed = fixed;
        this.byResource = Caffeine.newBuilder()
                .maximumSize(RESOURCES_PER_IDENTITY)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Compiles {@code identity}'s row over {@code sites}; with {@code fastAllows} off, no bit is set
     * so that every allowed call reaches the enforcer (to be recorded).
     */
    static IdentityRow compile(String identity, Policy policy, List<ActionSite> sites, boolean fastAllows) {
        long[] bits = new long[(sites.size() + 63) >>> 6];
        Decision[] fixed = new Decision[sites.size()];
        for (ActionSite site : sites) {
            int id = site.id();
            if (site.invalid() != null) {
                fixed[id] = new Decision(false, "invalid scope: " + site.invalid(), null);
                continue;
            }
            Coverage coverage = policy.coverage(identity, site.scope());
            if (coverage == Coverage.ALL_RESOURCES || !site.hasResource()) {
                fixed[id] = policy.decide(identity, site.scope(), null);
            }
            if (fastAllows && coverage == Coverage.ALL_RESOURCES) {
                bits[id >>> 6] |= 1L << id;
            }
        }
        return new IdentityRow(identity, policy, bits, fixed);
    }

    /** Decides {@code site} on {@code resource} ({@code null} when the action names none). */
    Decision decide(ActionSite site, String resource) {
        Decision known = fixed[site.id()];
        if (known != null) {
            return known;
        }
        Decision[] decisions = byResource.getIfPresent(resource);
        if (decisions == null) {
            decisions = byResource.get(resource, ignored -> new Decision[fixed.length]);
        }
        Decision decision = decisions[site.id()];
        if (decision == null) {
            // a benign race: two threads may both compute the same immutable decision
            decision = policy.decide(identity, site.scope(), resource);
            decisions[site.id()] = decision;
        }
        return decision;
    }
}
