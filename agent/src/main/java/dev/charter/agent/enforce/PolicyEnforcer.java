package dev.charter.agent.enforce;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.charter.Gate;
import dev.charter.HttpPassports;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Decides what the gate's fast path cannot: unbound threads, refusals, resource-dependent grants,
 * sessions, limits, allowed calls that must be recorded, and bindings that would escalate.
 *
 * <p>The policy in force is compiled into one immutable value — the policy, its rows per identity,
 * its constraints — and a reload swaps the whole value, then tells the gate its generation, so a
 * call decides under the old policy or the new one, never a mix. Budgets, rates, leases and
 * sessions live across reloads.
 */
public final class PolicyEnforcer implements Gate.Enforcer {

    /** The scope a refused binding is recorded under. */
    static final String BIND = "charter:bind";
    private static final String BIND_METHOD = "dev.charter.Charter#bind(java.lang.String)";
    private static final int IDENTITIES = 10_000;

    /** One policy, compiled. */
    private record Compiled(int generation, Policy policy, Mode mode, Constraints constraints,
            LoadingCache<String, IdentityRow> rows) {
    }

    private final Mode forcedMode;
    private final boolean slowAllows;
    private final Actions actions;
    private final DecisionLog log;
    private final Clock clock;
    private final Ledger ledger;
    private final Duration governorTimeout;
    private final Sessions sessions;
    private volatile Compiled compiled;

    /**
     * @param forcedMode the mode the agent option asks for, or {@code null} for each policy's own
     * @param slowAllows whether every allowed call reaches the enforcer (to be recorded)
     * @param clock the time of sessions, limits and leases
     * @param ledger where budgets, rates and leases are kept
     * @param governorTimeout how long a deferred call waits for the governor
     */
    public PolicyEnforcer(Policy policy, Mode forcedMode, boolean slowAllows, Actions actions, DecisionLog log,
            Clock clock, Ledger ledger, Duration governorTimeout) {
        this.forcedMode = forcedMode;
        this.slowAllows = slowAllows;
        this.actions = actions;
        this.log = log;
        this.clock = clock;
        this.ledger = ledger;
        this.governorTimeout = governorTimeout;
        this.sessions = new Sessions(clock);
        this.compiled = compile(policy, 0);
    }

    private Compiled compile(Policy policy, int generation) {
        Compiled[] self = new Compiled[1];
        LoadingCache<String, IdentityRow> rows = Caffeine.newBuilder()
                .maximumSize(IDENTITIES)
                .executor(Runnable::run)
                .build(identity -> row(self[0], identity));
        self[0] = new Compiled(generation, policy, forcedMode != null ? forcedMode : policy.mode(),
                new Constraints(policy, ledger, clock, governorTimeout), rows);
        return self[0];
    }

    /** Puts {@code next} in force for every call that starts from now on; in-flight calls finish as they began. */
    public synchronized void reload(Policy next) {
        Compiled swapped = compile(next, compiled.generation() + 1);
        compiled = swapped;
        Gate.inForce(this, swapped.generation());
        log.policyLoaded(next.file(), swapped.mode().name().toLowerCase(Locale.ROOT), next.identities().size());
    }

    /** The policy in force. */
    public Policy policy() {
        return compiled.policy();
    }

    /** The mode in force: the agent option's, else the policy's. */
    public Mode mode() {
        return compiled.mode();
    }

    private Authority authority(Compiled in, String identity) {
        Sessions.Session session = sessions.find(identity);
        return session != null ? new SessionAuthority(session, authority(in, session.parent()))
                : new DeclaredAuthority(in.policy(), identity);
    }

    private IdentityRow row(Compiled in, String identity) {
        return IdentityRow.compile(authority(in, identity), actions.snapshot(), !slowAllows, in.generation());
    }

    @Override
    public Gate.Row row(String identity) {
        return current(compiled, identity);
    }

    private IdentityRow current(Compiled in, String identity) {
        IdentityRow row = in.rows().get(identity);
        if (row.actions() < actions.count()) {
            row = row(in, identity);
            in.rows().put(identity, row);
        }
        return row;
    }

    @Override
    public void decide(Gate.Row row, int action, Object resource, Object spend) {
        Compiled in = compiled;
        ActionSite site = actions.get(action);
        String onResource = site.hasResource() ? String.valueOf(resource) : null;
        IdentityRow caller = (IdentityRow) row;
        if (caller != null && (caller.generation() != in.generation() || caller.actions() <= action)) {
            caller = current(in, caller.identity());
        }
        Decision decision = caller == null ? unbound()
                : sessions.expired(caller.authority) ? expired(caller.authority)
                : caller.decide(site, onResource);
        String kind = decision.allowed() ? "allow" : "deny";
        if (decision.allowed() && caller.constrained(site)) {
            Constraints.Outcome outcome = in.constraints().apply(caller.authority, site, onResource, spend, decision);
            decision = outcome.decision();
            kind = outcome.kind();
        }
        if (!kind.equals("allow") || slowAllows) {
            log.decision(record(caller == null ? null : caller.identity(), caller == null ? List.of() : caller.chain,
                    site.scope(), onResource, spend, decision, kind, site.method()));
        }
        if (!decision.allowed() && in.mode() == Mode.ENFORCE) {
            throw new ScopeViolation(caller == null ? null : caller.identity(), site.scope(), onResource,
                    decision.reason(), decision.rule());
        }
    }

    @Override
    public void mayBind(String current, String next) {
        Compiled in = compiled;
        Decision decision;
        if (current == null) {
            decision = in.policy().declares(next) || sessions.find(next) != null ? null
                    : new Decision(false, "identity is not declared in the policy", null);
        } else {
            decision = next.equals(current) || authority(in, next).chain().contains(current) ? null
                    : new Decision(false, next + " does not act on behalf of " + current, null);
        }
        if (decision == null) {
            return;
        }
        log.decision(record(current, current == null ? List.of() : authority(in, current).chain(), BIND, next, null,
                decision, "deny", BIND_METHOD));
        if (in.mode() == Mode.ENFORCE) {
            throw new ScopeViolation(current, BIND, next, decision.reason(), null);
        }
    }

    /**
     * Whether {@code identity} ({@code null}: an unbound thread) may ever perform what {@code method}
     * does, on some resource, for some amount, at some time: whether to offer it to a model as a tool.
     * A method that is not scoped is always offered; in audit mode, every method is.
     */
    public boolean mayEver(String identity, String method) {
        List<ActionSite> sites = actions.of(method);
        Compiled in = compiled;
        if (sites.isEmpty() || in.mode() == Mode.AUDIT) {
            return true;
        }
        if (identity == null) {
            return false;
        }
        Authority authority = authority(in, identity);
        for (ActionSite site : sites) {
            if (site.invalid() != null || authority.coverage(site.scope()) == Coverage.NONE) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a passport says of {@code identity}: its principals nearest first and, for a session, its
     * scopes and when it ends ({@code null} otherwise).
     */
    public record Lineage(List<String> chain, List<String> sessionScopes, Instant sessionEnds) {
    }

    /** The lineage of {@code identity} under the policy in force and the sessions derived so far. */
    public Lineage lineage(String identity) {
        Sessions.Session session = sessions.find(identity);
        List<String> chain = authority(compiled, identity).chain();
        return session == null ? new Lineage(chain, null, null) : new Lineage(chain, session.scopes(), session.expiresAt());
    }

    /** Whether a session of that name has been derived (and not yet forgotten). */
    public boolean hasSession(String name) {
        return sessions.find(name) != null;
    }

    @Override
    public void session(String parent, String session, Duration ttl, List<String> scopes) {
        sessions.register(session, parent, ttl, scopes);
        compiled.rows().invalidate(session);
    }

    private static Decision unbound() {
        String passport = HttpPassports.refusal();
        return new Decision(false, "no identity bound on thread '" + thread() + "' ("
                + (passport != null ? "the request's passport was refused: " + passport
                        : "bind one with Charter.runAs, or hand work over with Charter.wrap") + ")", null);
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
