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
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Decides what the gate's fast path cannot: unbound threads, refusals, resource-dependent grants,
 * sessions, allowed calls that must be recorded, and bindings that would escalate. Compiled rows
 * are cached per identity.
 */
public final class PolicyEnforcer implements Gate.Enforcer {

    /** The scope a refused binding is recorded under. */
    static final String BIND = "charter:bind";
    private static final String BIND_METHOD = "dev.charter.Charter#bind(java.lang.String)";
    private static final int IDENTITIES = 10_000;

    private final Policy policy;
    private final Mode mode;
    private final boolean recordAllows;
    private final Actions actions;
    private final DecisionLog log;
    private final Clock clock;
    private final Sessions sessions;
    private final Constraints constraints;
    private final LoadingCache<String, IdentityRow> rows;

    /**
     * @param mode the mode in force (the agent option, else the policy's)
     * @param recordAllows whether allowed calls are recorded too; they then all take the slow path
     * @param clock the time of sessions, limits and leases
     * @param ledger where budgets, rates and leases are kept
     * @param governorTimeout how long a deferred call waits for the governor
     */
    public PolicyEnforcer(Policy policy, Mode mode, boolean recordAllows, Actions actions, DecisionLog log, Clock clock,
            Ledger ledger, Duration governorTimeout) {
        this.policy = policy;
        this.mode = mode;
        this.recordAllows = recordAllows;
        this.actions = actions;
        this.log = log;
        this.clock = clock;
        this.sessions = new Sessions(clock);
        this.constraints = new Constraints(policy, ledger, clock, governorTimeout);
        this.rows = Caffeine.newBuilder()
                .maximumSize(IDENTITIES)
                .executor(Runnable::run)
                .build(this::compile);
    }

    private Authority authority(String identity) {
        SessionAuthority session = sessions.find(identity);
        return session != null ? session : new DeclaredAuthority(policy, identity);
    }

    private IdentityRow compile(String identity) {
        return IdentityRow.compile(authority(identity), actions.snapshot(), !recordAllows);
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
        Decision decision = caller == null ? unbound()
                : sessions.expired(caller.authority) ? expired(caller.authority)
                : caller.decide(site, onResource);
        String kind = decision.allowed() ? "allow" : "deny";
        if (decision.allowed() && caller.constrained(site)) {
            Constraints.Outcome outcome = constraints.apply(caller.authority, site, onResource, spend, decision);
            decision = outcome.decision();
            kind = outcome.kind();
        }
        if (!kind.equals("allow") || recordAllows) {
            log.decision(record(caller == null ? null : caller.identity(), caller == null ? List.of() : caller.chain,
                    site.scope(), onResource, spend, decision, kind, site.method()));
        }
        if (!decision.allowed() && mode == Mode.ENFORCE) {
            throw new ScopeViolation(caller == null ? null : caller.identity(), site.scope(), onResource,
                    decision.reason(), decision.rule());
        }
    }

    @Override
    public void mayBind(String current, String next) {
        Decision decision;
        if (current == null) {
            decision = policy.declares(next) || sessions.find(next) != null ? null
                    : new Decision(false, "identity is not declared in the policy", null);
        } else {
            decision = next.equals(current) || authority(next).chain().contains(current) ? null
                    : new Decision(false, next + " does not act on behalf of " + current, null);
        }
        if (decision == null) {
            return;
        }
        log.decision(record(current, current == null ? List.of() : authority(current).chain(), BIND, next, null,
                decision, "deny", BIND_METHOD));
        if (mode == Mode.ENFORCE) {
            throw new ScopeViolation(current, BIND, next, decision.reason(), null);
        }
    }

    @Override
    public void session(String parent, String session, Duration ttl, List<String> scopes) {
        sessions.register(session, authority(parent), ttl, scopes);
        rows.invalidate(session);
    }

    private static Decision unbound() {
        return new Decision(false, "no identity bound on thread '" + thread()
                + "' (bind one with Charter.runAs, or hand work over with Charter.wrap)", null);
    }

    private static Decision expired(Authority session) {
        return new Decision(false, "session expired at " + session.expiresAt(), null);
    }

    private AuditRecord record(String identity, List<String> chain, String scope, String resource, Object spend,
            Decision decision, String kind, String method) {
        return new AuditRecord(clock.instant(), identity, chain, scope, resource,
                spend instanceof Number amount ? amount : null, kind, decision.reason(), decision.rule(),
                method, thread());
    }

    /** The current thread's name, or, for the nameless (virtual threads), its description. */
    private static String thread() {
        Thread current = Thread.currentThread();
        return current.getName().isEmpty() ? current.toString() : current.getName();
    }
}
