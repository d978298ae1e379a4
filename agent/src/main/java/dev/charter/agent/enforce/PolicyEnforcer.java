package dev.charter.agent.enforce;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.charter.Gate;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.time.Instant;
import java.util.List;

/**
 * Decides what the gate's fast path cannot: unbound threads, refusals, resource-dependent grants,
 * and allowed calls that must be recorded. Compiled rows are cached per identity.
 */
public final class PolicyEnforcer implements Gate.Enforcer {

    private static final int IDENTITIES = 10_000;

    private final Policy policy;
    private final Mode mode;
    private final boolean recordAllows;
    private final Actions actions;
    private final DecisionLog log;
    private final LoadingCache<String, IdentityRow> rows;

    /**
     * @param mode the mode in force (the agent option, else the policy's)
     * @param recordAllows whether allowed calls are recorded too; they then all take the slow path
     */
    public PolicyEnforcer(Policy policy, Mode mode, boolean recordAllows, Actions actions, DecisionLog log) {
        this.policy = policy;
        this.mode = mode;
        this.recordAllows = recordAllows;
        this.actions = actions;
        this.log = log;
        this.rows = Caffeine.newBuilder()
                .maximumSize(IDENTITIES)
                .executor(Runnable::run)
                .build(this::compile);
    }

    private IdentityRow compile(String identity) {
        return IdentityRow.compile(identity, policy, actions.snapshot(), !recordAllows);
    }

    @Override
    public Gate.Row row(String identity) {
        IdentityRow row = rows.get(identity);
        if (row.actions() < actions.count()) {
            row = compile(identity);
            rows.put(identity, row);
        }
        return row;
    }

    @Override
    public void decide(Gate.Row row, int action, Object resource, Object spend) {
        ActionSite site = actions.get(action);
        String onResource = site.hasResource() ? String.valueOf(resource) : null;
        IdentityRow caller = (IdentityRow) row;
        Decision decision = caller == null ? unbound() : caller.decide(site, onResource);
        if (decision.allowed()) {
            if (recordAllows) {
                log.decision(record(caller, site, onResource, spend, decision));
            }
            return;
        }
        log.decision(record(caller, site, onResource, spend, decision));
        if (mode == Mode.ENFORCE) {
            throw new ScopeViolation(caller == null ? null : caller.identity, site.scope(), onResource,
                    decision.reason(), decision.rule());
        }
    }

    private static Decision unbound() {
        return new Decision(false, "no identity bound on thread '" + Thread.currentThread().getName()
                + "' (bind one with Charter.runAs, or hand work over with Charter.wrap)", null);
    }

    private static AuditRecord record(IdentityRow caller, ActionSite site, String resource, Object spend,
            Decision decision) {
        return new AuditRecord(Instant.now(),
                caller == null ? null : caller.identity,
                caller == null ? List.of() : caller.chain,
                site.scope(), resource, spend instanceof Number amount ? amount : null,
                decision.allowed() ? "allow" : "deny", decision.reason(), decision.rule(),
                site.method(), Thread.currentThread().getName());
    }
}
