package dev.charter.agent.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.charter.Gate;
import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.Decision;
import java.util.List;

/**
 * One identity's authority over the actions registered when it was compiled. The gate's bits cover
 * actions allowed on every resource; the decisions here answer the rest, per resource cached, with
 * what an allowed call must still pass ({@link Constraints}), compiled when first needed.
 */
final class IdentityRow extends Gate.Row {

    private static final int RESOURCES_PER_IDENTITY = 4_096;

    final Authority authority;
    final List<String> chain;
    /** Per action: its decision when it does not depend on the resource, else {@code null}. */
    private final Decision[] fixed;
    /** Per action: whether an allowed call must still pass limits, governance or a lease. */
    private final boolean[] constrained;
    /** Per action that names no resource: what an allowed call must still pass, once compiled. */
    private final Constraints[] fixedConstraints;
    /** Per resource: decisions and constraints by action id, filled as actions are first asked for on it. */
    private final Cache<String, OnResource> byResource;
    private final CallDecider decider;

    /** What is known of the actions on one resource. */
    private record OnResource(Decision[] decisions, Constraints[] constraints) {
    }

    private IdentityRow(Authority authority, long[] bits, Decision[] fixed, boolean[] constrained, int generation,
            CallDecider decider) {
        super(bits, fixed.length, generation);
        this.authority = authority;
        this.chain = authority.chain();
        this.fixed = fixed;
        this.constrained = constrained;
        this.fixedConstraints = new Constraints[fixed.length];
        this.decider = decider;
        this.byResource = Caffeine.newBuilder()
                .maximumSize(RESOURCES_PER_IDENTITY)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Compiles the row of {@code authority} over {@code sites}. Bits are set only with
     * {@code fastAllows}, for authority that never expires (the gate's fast path reads no clock) and for
     * actions that spend nothing (the fast path reads no amount). Its constraints are compiled by {@code decider}.
     */
    static IdentityRow compile(Authority authority, List<ActionSite> sites, boolean fastAllows, int generation,
            CallDecider decider) {
        long[] bits = new long[(sites.size() + 63) >>> 6];
        Decision[] fixed = new Decision[sites.size()];
        boolean[] constrained = new boolean[sites.size()];
        boolean setBits = fastAllows && authority.expiresAt() == null;
        for (ActionSite site : sites) {
            int id = site.id();
            if (site.invalid() != null) {
                fixed[id] = new Decision(false, site.invalid(), null);
                continue;
            }
            Coverage coverage = authority.coverage(site.scope());
            if (coverage == Coverage.ALL_RESOURCES || !site.hasResource()) {
                fixed[id] = authority.decide(site.scope(), null);
            }
            constrained[id] = authority.constrained(site.scope());
            // an action that spends takes the gate's amount check (a negative or NaN amount is refused), never the bit
            if (setBits && coverage == Coverage.ALL_RESOURCES && !constrained[id] && !site.hasSpend()) {
                bits[id >>> 6] |= 1L << id;
            }
        }
        return new IdentityRow(authority, bits, fixed, constrained, generation, decider);
    }

    boolean constrained(ActionSite site) {
        return constrained[site.id()];
    }

    String identity() {
        return authority.identity();
    }

    /** Decides {@code site} on {@code resource} ({@code null} when the action names none). */
    Decision decide(ActionSite site, String resource) {
        Decision known = fixed[site.id()];
        if (known != null) {
            return known;
        }
        Decision[] decisions = onResource(resource).decisions();
        Decision decision = decisions[site.id()];
        if (decision == null) {
            // a benign race: two threads may both compute the same immutable decision
            decision = authority.decide(site.scope(), resource);
            decisions[site.id()] = decision;
        }
        return decision;
    }

    /**
     * What a call of {@code site} on {@code resource} that {@code allowed} (its decision here) lets
     * through must still pass; only for a {@link #constrained} action.
     */
    Constraints constraints(ActionSite site, String resource, Decision allowed) {
        Constraints[] known = site.hasResource() ? onResource(resource).constraints() : fixedConstraints;
        Constraints constraints = known[site.id()];
        if (constraints == null) {
            // a benign race, as for decisions: a second compilation resolves the same counters
            constraints = decider.constraints(authority, site.scope(), resource, site.hasSpend(), allowed);
            known[site.id()] = constraints;
        }
        return constraints;
    }

    private OnResource onResource(String resource) {
        OnResource known = byResource.getIfPresent(resource);
        return known != null ? known
                : byResource.get(resource, ignored -> new OnResource(new Decision[fixed.length], new Constraints[fixed.length]));
    }
}
