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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
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
    /** The scope revocations and their lifting are recorded under. */
    static final String REVOKED = "charter:revoked";
    private static final String BIND_METHOD = "dev.charter.Charter#bind(java.lang.String)";
    /** The scope a refused session is recorded under. */
    static final String SESSION = "charter:session";
    private static final String SESSION_METHOD =
            "dev.charter.Charter#session(java.lang.String,java.time.Duration,java.lang.String[])";
    private static final int IDENTITIES = 10_000;
    /** Stands for a valid {@code long} amount passed unboxed, beside it. */
    private static final Object WHOLE = new Object();
    /** Stands for a valid {@code double} amount passed unboxed, as its bits, beside it. */
    private static final Object FRACTION = new Object();

    /** One policy, compiled. */
    private record Compiled(int generation, Policy policy, Mode mode, CallDecider decider, Rows rows) {
    }

    /**
     * The rows of one compiled policy, by identity: a cache made when the first identity is bound, so
     * that a JVM loads Caffeine only once some code binds one.
     */
    private final class Rows {
        /** The compiled policy these rows belong to: set once, right after it is made. */
        private Compiled in;
        private volatile LoadingCache<String, IdentityRow> cache;

        LoadingCache<String, IdentityRow> cache() {
            LoadingCache<String, IdentityRow> made = cache;
            if (made == null) {
                synchronized (this) {
                    made = cache;
                    if (made == null) {
                        made = Caffeine.newBuilder().maximumSize(IDENTITIES).executor(Runnable::run)
                                .build(identity -> row(in, identity));
                        cache = made;
                    }
                }
            }
            return made;
        }
    }

    private final Mode forcedMode;
    private final boolean slowAllows;
    private final Actions actions;
    private final DecisionLog log;
    private final Clock clock;
    private final Ledger ledger;
    private final Duration governorTimeout;
    private final Sessions sessions;
    private final Revocations revocations;
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
        this(policy, forcedMode, slowAllows, actions, log, clock, ledger, Revocations.none(), governorTimeout);
    }

    /** As above, with the identities revoked on the ledger: their calls are refused. */
    public PolicyEnforcer(Policy policy, Mode forcedMode, boolean slowAllows, Actions actions, DecisionLog log,
            Clock clock, Ledger ledger, Revocations revocations, Duration governorTimeout) {
        this.forcedMode = forcedMode;
        this.slowAllows = slowAllows;
        this.actions = actions;
        this.log = log;
        this.clock = clock;
        this.ledger = ledger;
        this.governorTimeout = governorTimeout;
        this.sessions = new Sessions(clock);
        this.revocations = revocations;
        this.compiled = compile(policy, 0);
        record(revocations.known(), List.of());
        revocations.onChange(new RevocationsChanged());
    }

    private Compiled compile(Policy policy, int generation) {
        Rows rows = new Rows();
        rows.in = new Compiled(generation, policy, forcedMode != null ? forcedMode : policy.mode(),
                CallDecider.governed(policy, ledger, clock, governorTimeout), rows);
        return rows.in;
    }

    /**
     * Puts {@code next} in force for every call that starts from now on; in-flight calls finish as they
     * began. Its load is recorded first, as every decision is before it takes effect: in the audit log,
     * no decision under a policy comes before the record of its load.
     */
    public synchronized void reload(Policy next) {
        Compiled swapped = compile(next, compiled.generation() + 1);
        log.policyLoaded(next.file(), swapped.mode().name().toLowerCase(Locale.ROOT), next.identities().size());
        compiled = swapped;
        Gate.inForce(this, swapped.generation());
    }

    /**
     * Records revocations made and lifted, then recompiles every row: the gate's fast path never
     * allows a revoked identity, its delegates or its sessions.
     */
    private final class RevocationsChanged implements BiConsumer<List<Revocations.Revocation>, List<Revocations.Revocation>> {
        @Override
        public void accept(List<Revocations.Revocation> added, List<Revocations.Revocation> lifted) {
            revocationsChanged(added, lifted);
        }
    }

    private synchronized void revocationsChanged(List<Revocations.Revocation> added, List<Revocations.Revocation> lifted) {
        record(added, lifted);
        Compiled swapped = compile(compiled.policy(), compiled.generation() + 1);
        compiled = swapped;
        Gate.inForce(this, swapped.generation());
    }

    private void record(List<Revocations.Revocation> added, List<Revocations.Revocation> lifted) {
        for (Revocations.Revocation revocation : added) {
            log.decision(record(revocation.identity(), List.of(), REVOKED, null, null, new Decision(false, "revoked: "
                    + revocation.reason() + (revocation.until() == null ? "" : " until " + revocation.until()), null),
                    Outcome.Kind.DENY, "revoke", true));
        }
        for (Revocations.Revocation revocation : lifted) {
            log.decision(record(revocation.identity(), List.of(), REVOKED, null, null,
                    new Decision(true, "revocation lifted", null), Outcome.Kind.ALLOW, "unrevoke", true));
        }
    }

    /** The policy in force. */
    public Policy policy() {
        return compiled.policy();
    }

    /** The mode in force: the agent option's, else the policy's. */
    public Mode mode() {
        return compiled.mode();
    }

    @Override
    public boolean enforcing() {
        return compiled.mode() == Mode.ENFORCE;
    }

    /** The authority of an identity: as declared, or else a session's (a session never shadows a declared name). */
    private Authority authority(Compiled in, String identity) {
        Sessions.Session session = in.policy().declares(identity) ? null : sessions.find(identity);
        return session != null ? new SessionAuthority(session, authority(in, session.parent()))
                : new DeclaredAuthority(in.policy(), identity);
    }

    private IdentityRow row(Compiled in, String identity) {
        Authority authority = authority(in, identity);
        boolean fastAllows = !slowAllows && !revocations.concerns(identity, authority.chain());
        return IdentityRow.compile(authority, actions.snapshot(), fastAllows, in.generation(), in.decider());
    }

    @Override
    public Gate.Row row(String identity) {
        return current(compiled, identity);
    }

    private IdentityRow current(Compiled in, String identity) {
        IdentityRow row = in.rows().cache().get(identity);
        if (row.actions() < actions.count()) {
            row = row(in, identity);
            in.rows().cache().put(identity, row);
        }
        return row;
    }

    @Override
    public RuntimeException decide(Gate.Row row, int action, Object resource, Object spend) {
        return decide(row, action, resource, spend, 0);
    }

    @Override
    public RuntimeException decide(Gate.Row row, int action, Object resource, long spend) {
        // a valid amount stays unboxed down to the ledger; a negative one is refused, and recorded as it was
        return decide(row, action, resource, spend >= 0 ? WHOLE : Long.valueOf(spend), spend);
    }

    /**
     * Decides a call, top to bottom: the thread's identity, revocations and session, then
     * {@link CallDecider} (authority, limits, ledger, governance), then the record and the refusal,
     * which it returns for the rewritten method to throw ({@code null} to let the call proceed).
     *
     * @param spend the {@code @Spends} argument as passed; or {@link #WHOLE} when it is {@code unboxed}, or
     *              {@link #FRACTION} when it is the {@code double} of the bits {@code unboxed}, a valid amount
     */
    private ScopeViolation decide(Gate.Row row, int action, Object resource, Object spend, long unboxed) {
        Compiled in = compiled;
        ActionSite site = actions.get(action);
        String onResource = site.hasResource() ? String.valueOf(resource) : null;
        IdentityRow caller = (IdentityRow) row;
        if (caller != null && (caller.generation() != in.generation() || caller.actions() <= action)) {
            caller = current(in, caller.identity());
        }
        Decision revoked = caller == null ? null : revocations.refusal(caller.identity(), caller.chain, clock);
        Outcome outcome;
        // refused for what the calling code did (bound nothing, kept a session too long): its stack says where
        boolean callersStack = true;
        if (site.invalid() != null) { // cannot be enforced as declared: refused, bound or not
            outcome = Outcome.deny(new Decision(false, site.invalid(), null), "");
        } else if (caller == null) {
            outcome = Outcome.deny(unbound(), "");
        } else if (revoked != null) {
            callersStack = false;
            outcome = Outcome.deny(revoked, "");
        } else if (sessions.expired(caller.authority)) {
            outcome = Outcome.deny(expired(caller.authority), "");
        } else {
            callersStack = false;
            Decision scoped = CallDecider.spendChecked(caller.decide(site, onResource),
                    site.hasSpend() && spend != WHOLE && spend != FRACTION, spend);
            boolean constrained = caller.constrained(site);
            if (scoped.allowed() && !constrained && !slowAllows) {
                return null; // what the decider answers too, without building an outcome: the allowed path allocates nothing
            }
            Constraints constraints = scoped.allowed() && constrained ? caller.constraints(site, onResource, scoped) : null;
            long amount = spend == WHOLE ? unboxed : site.hasSpend() ? Spend.whole(spend) : Ledger.NO_AMOUNT;
            BigDecimal exact = amount != Ledger.NO_AMOUNT || !site.hasSpend() ? null
                    : spend == FRACTION ? BigDecimal.valueOf(Double.longBitsToDouble(unboxed)) : Spend.exact(spend);
            outcome = in.decider().decide(caller.authority, scoped, constraints, site.scope(), site.method(), onResource,
                    amount, exact);
            if (outcome.kind() == Outcome.Kind.ALLOW && !slowAllows) {
                return null; // counted, and nothing to record
            }
        }
        spend = spend == WHOLE ? Long.valueOf(unboxed) // recorded as it was passed
                : spend == FRACTION ? Double.valueOf(Double.longBitsToDouble(unboxed)) : spend;
        boolean enforced = in.mode() == Mode.ENFORCE;
        if (outcome.kind() != Outcome.Kind.ALLOW || slowAllows) {
            boolean recorded = log.decision(record(caller == null ? null : caller.identity(),
                    caller == null ? List.of() : caller.chain, site.scope(), onResource, spend, outcome.decision(),
                    outcome.kind(), site.method(), enforced));
            if (!recorded && outcome.allowsCall() && enforced) {
                // a call whose record is required never runs unrecorded: refused, and that refusal recorded
                outcome = Outcome.deny(new Decision(false,
                        "audit log unavailable: the record of this call cannot be written", null), "");
                log.decision(record(caller.identity(), caller.chain, site.scope(), onResource, spend, outcome.decision(),
                        outcome.kind(), site.method(), enforced));
            }
        }
        if (!outcome.allowsCall() && enforced) {
            String identity = caller == null ? null : caller.identity();
            Decision decision = outcome.decision();
            return new ScopeViolation(identity, site.scope(), onResource, decision.reason(), decision.rule(),
                    outcome.allowed(), callersStack ? null : site.where());
        }
        return null;
    }

    @Override
    public RuntimeException decide(Gate.Row row, int action, Object resource, double spend) {
        // as a long amount: unboxed while valid, a decimal only where a limit counts it
        boolean valid = spend >= 0 && spend < Double.POSITIVE_INFINITY;
        return decide(row, action, resource, valid ? FRACTION : Double.valueOf(spend), Double.doubleToRawLongBits(spend));
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
        boolean enforced = in.mode() == Mode.ENFORCE;
        log.decision(record(current, current == null ? List.of() : authority(in, current).chain(), BIND, next, null,
                decision, Outcome.Kind.DENY, BIND_METHOD, enforced));
        if (enforced) {
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
     * Whether {@code identity} ({@code null}: unbound) may perform {@code scope} on some resource: what
     * a tool named by its scope alone is offered by. Everything may in audit mode.
     */
    public boolean mayEverPerform(String identity, String scope) {
        Compiled in = compiled;
        if (in.mode() == Mode.AUDIT) {
            return true;
        }
        return identity != null && Policy.checkActionScope(scope) == null
                && authority(in, identity).coverage(scope) != Coverage.NONE;
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

    /** Registers a session; one whose name the policy declares as an identity is refused, so it can never shadow it. */
    @Override
    public void session(String parent, String session, Duration ttl, List<String> scopes) {
        Compiled in = compiled;
        if (in.policy().declares(session)) {
            Decision refused = new Decision(false, "a session may not take the name of an identity the policy declares",
                    null);
            boolean enforced = in.mode() == Mode.ENFORCE;
            log.decision(record(parent, authority(in, parent).chain(), SESSION, session, null, refused, Outcome.Kind.DENY,
                    SESSION_METHOD, enforced));
            if (enforced) {
                throw new ScopeViolation(parent, SESSION, session, refused.reason(), null);
            }
            return;
        }
        sessions.register(session, parent, ttl, scopes);
        in.rows().cache().invalidate(session);
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
            Decision decision, Outcome.Kind kind, String method, boolean enforced) {
        return new AuditRecord(clock.instant(), identity, chain, scope, resource,
                spend instanceof Number amount ? amount : null, kind.text(), decision.reason(), decision.rule(),
                method, thread(), enforced);
    }

    /** The current thread's name, or, for the nameless (virtual threads), its description. */
    private static String thread() {
        Thread current = Thread.currentThread();
        return current.getName().isEmpty() ? current.toString() : current.getName();
    }
}
