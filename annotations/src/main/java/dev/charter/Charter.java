package dev.charter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Binds identities to threads: every {@link ScopedAction} runs under the identity bound to the
 * thread that calls it, and a thread with none bound is refused.
 *
 * <p>Nothing is inherited implicitly: a new thread starts unbound, and work handed to another
 * thread carries an identity only through {@link #wrap(Runnable)} or the Charter agent's
 * propagation. What a thread may bind follows its origin: with the agent attached, a thread that
 * bound code starts is unbound but <em>confined</em> to what its creator could have bound. Without
 * the agent attached, binding works and nothing is checked.
 */
public final class Charter {

    /**
     * The innermost binding of each thread, read by the agent's gate on every scoped call:
     * {@code null} for a free thread (whose origin is unbound), a binding, or a confinement (a
     * binding without identity) for an unbound thread that may bind only what its ceiling may.
     * A thread's first value comes from its origin, which the agent records when it is created.
     * (A subclass, not {@code withInitial} and a method reference: those are classes spun at every start.)
     */
    static final ThreadLocal<Binding> BOUND = new ThreadLocal<>() {
        @Override
        protected Binding initialValue() {
            return origin();
        }
    };

    /** What the agent recorded of the creator of a thread: its binding or confinement, or {@code null}. */
    static volatile Function<Thread, Binding> origins;

    /** The agent's checks of bindings and sessions; {@code null} without the agent, when nothing is checked. */
    static volatile Guard guard;

    /** The agent's signer and verifier of passports; {@code null} without the agent. */
    static volatile PassportOffice passports;

    /** Decides deferred actions; {@code null} until one is registered, when they are refused. */
    static volatile Governor governor;

    private Charter() {
    }

    /**
     * Binds {@code identity} to the current thread until the returned binding is closed, which
     * restores the binding that was in force before.
     *
     * <p>Binding never escalates. On a thread with no identity bound whose work comes from an unbound
     * origin (the orchestrator), any identity the policy declares may be bound; on a bound thread,
     * only the same identity, a delegate of it (declared {@code on-behalf-of} it, directly or through
     * others) or a {@linkplain #session session} derived from it; on an unbound thread that bound
     * code created (a thread, a timer task, a task made there), only what its creator could bind.
     *
     * <pre>{@code
     * try (Charter.Binding ignored = Charter.bind("agent:refund-bot")) {
     *     refunds.refund(order, amount);
     * }
     * }</pre>
     *
     * @throws ScopeViolation if the agent is attached and the binding would escalate
     */
    public static Binding bind(String identity) {
        Objects.requireNonNull(identity, "identity");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("identity must not be blank");
        }
        Binding current = BOUND.get();
        Guard checks = guard;
        if (checks != null) {
            checks.mayBind(current == null ? null : current.limit(), identity);
        }
        Binding binding = new Binding(identity, current, null);
        BOUND.set(binding);
        return binding;
    }

    /**
     * Derives an ephemeral identity from the one bound to the current thread, for one task:
     * {@code <identity>/session:<name>}, whose authority is {@code scopes} (scope patterns, as in
     * the policy) intersected with the bound identity's, and which is refused everything once
     * {@code ttl} has passed. Bind it with {@link #runAs} or {@link #bind}.
     *
     * @throws IllegalStateException if no identity is bound to the current thread
     * @throws IllegalArgumentException if the name, the duration or a scope pattern is not usable
     */
    public static String session(String name, Duration ttl, String... scopes) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        Binding current = BOUND.get();
        if (current == null || current.identity == null) {
            throw new IllegalStateException("Charter.session derives from the bound identity, and thread '"
                    + Thread.currentThread().getName() + "' has none");
        }
        if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException("session name must be non-blank, without whitespace or '/': '" + name + "'");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("session ttl must be positive: " + ttl);
        }
        if (scopes.length == 0) {
            throw new IllegalArgumentException("a session needs at least one scope");
        }
        String session = current.identity + "/session:" + name;
        Guard checks = guard;
        if (checks != null) {
            checks.session(current.identity, session, ttl, List.of(scopes));
        }
        return session;
    }

    /** Runs {@code task} with {@code identity} bound to the current thread. */
    public static void runAs(String identity, Runnable task) {
        Objects.requireNonNull(task, "task");
        try (Binding ignored = bind(identity)) {
            task.run();
        }
    }

    /** Calls {@code task} with {@code identity} bound to the current thread and returns its result. */
    public static <T> T callAs(String identity, Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        try (Binding ignored = bind(identity)) {
            return task.call();
        }
    }

    /**
     * Registers the governor that approves or refuses actions the policy defers; a new registration
     * replaces the previous one, and {@code null} removes it. Only the orchestrator registers one:
     * agent code must never approve its own deferrals.
     *
     * @throws ScopeViolation (scope {@code charter:governor}) on a thread with an identity bound, or
     *         on an unbound thread that bound code created
     */
    public static void governor(Governor chosen) {
        Binding current = BOUND.get();
        if (current != null) {
            throw new ScopeViolation(current.limit(), "charter:governor", null,
                    "a governor may be registered only from a thread with no identity bound whose work no agent started",
                    null);
        }
        governor = chosen;
    }

    /**
     * Whether the Charter agent is attached and enforcing: scoped actions are checked and refusals
     * block. {@code false} without the agent (nothing is checked) and in audit mode (refusals are
     * recorded, never thrown).
     */
    public static boolean enforcing() {
        Guard checks = guard;
        return checks != null && checks.enforcing();
    }

    /**
     * Fails unless the Charter agent is attached and enforcing ({@link #enforcing()}). Call it first
     * in {@code main}, so that a deployment that lost its {@code -javaagent} flag, or runs in audit
     * mode, refuses to start instead of running every tool unchecked:
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     Charter.requireEnforcement();
     *     ...
     * }
     * }</pre>
     *
     * @throws IllegalStateException if the agent is not attached, or only audits
     */
    public static void requireEnforcement() {
        Guard checks = guard;
        if (checks == null) {
            throw new IllegalStateException("Charter is not enforcing: the agent is not attached"
                    + " (start the JVM with -javaagent:charter-agent.jar=policy=charter.yaml)");
        }
        if (!checks.enforcing()) {
            throw new IllegalStateException("Charter is not enforcing: the agent runs in audit mode"
                    + " (mode=audit records refusals and lets every call proceed)");
        }
    }

    /** The identity bound to the current thread, if any. */
    public static Optional<String> current() {
        Binding binding = BOUND.get();
        return binding == null || binding.identity == null ? Optional.empty() : Optional.of(binding.identity);
    }

    /** The first value of the current thread: confined to what its creator could bind, or free. */
    private static Binding origin() {
        Function<Thread, Binding> known = origins;
        return known == null ? null : confinedBy(known.apply(Thread.currentThread()));
    }

    /** The confinement of work that {@code creator} (a binding, a confinement or {@code null}: free) started. */
    static Binding confinedBy(Binding creator) {
        return creator == null || creator.identity == null ? creator : new Binding(null, null, creator.identity);
    }

    /**
     * Returns a task that runs {@code task} under the identity bound now, on whatever thread runs
     * it, and leaves that thread as it found it. Captured on an unbound thread, the task runs
     * unbound, and may bind only what the capturing thread could.
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return new Wrapped(task, BOUND.get());
    }

    /**
     * Whether {@code task} is what {@link #wrap(Runnable)} or {@link #wrap(Callable)} returned: it
     * carries its binding already, and the agent's executor hooks pass it on as it is.
     */
    static boolean carries(Object task) {
        return task instanceof Wrapped || task instanceof WrappedCallable;
    }

    /** A task run under a captured binding: a class, where a lambda would be spun by the agent at every start. */
    private static final class Wrapped implements Runnable {
        private final Runnable task;
        private final Binding captured;

        Wrapped(Runnable task, Binding captured) {
            this.task = task;
            this.captured = captured;
        }

        @Override
        public void run() {
            Binding before = BOUND.get();
            BOUND.set(captured);
            try {
                task.run();
            } finally {
                BOUND.set(before);
            }
        }
    }

    /** Like {@link #wrap(Runnable)}, for a {@link Callable}. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return new WrappedCallable<>(task, BOUND.get());
    }

    /** A callable run under a captured binding: a class of its own, which the agent knows by it. */
    private static final class WrappedCallable<T> implements Callable<T> {
        private final Callable<T> task;
        private final Binding captured;

        WrappedCallable(Callable<T> task, Binding captured) {
            this.task = task;
            this.captured = captured;
        }

        @Override
        public T call() throws Exception {
            Binding before = BOUND.get();
            BOUND.set(captured);
            try {
                return task.call();
            } finally {
                BOUND.set(before);
            }
        }
    }

    /**
     * Returns a passport for the identity bound to the current thread: a signed, expiring statement
     * of that identity and the chain it acts for (its principals, and a session's scopes), which a
     * service in another process that trusts this one's issuer can bind with {@link #bindPassport}.
     * It is a JWS (RFC 7515, EdDSA) that any JWT library can read; pass it in a request header, such
     * as {@code Charter-Passport}. The agent signs with its {@code issuer} and {@code signing-key}
     * options, for {@code audience}, the receiving service's {@code audience} option.
     *
     * <p>Without the agent there is nothing to sign with: this throws {@link IllegalStateException}.
     *
     * @param audience the name of the service that will receive it
     * @param ttl how long it is valid; a session's passport never outlives the session
     * @throws ScopeViolation if no identity is bound, or the agent has no issuer and signing key
     * @throws IllegalArgumentException if {@code audience} is blank or {@code ttl} is not positive
     */
    public static String passport(String audience, Duration ttl) {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(ttl, "ttl");
        if (audience.isBlank()) {
            throw new IllegalArgumentException("audience must not be blank");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("passport ttl must be positive: " + ttl);
        }
        PassportOffice office = passports;
        if (office == null) {
            throw new IllegalStateException("Charter.passport needs the Charter agent, with its issuer and signing-key"
                    + " options: without it there is nothing to sign with");
        }
        Binding current = BOUND.get();
        return office.mint(current == null ? null : current.identity, audience, ttl);
    }

    /**
     * Binds the identity a passport names, once the agent has checked it, until the returned binding
     * is closed: signed by an issuer the policy's {@code trust} section names, not expired (30 s of
     * clock skew allowed), for this service's {@code audience}, with a chain that the local policy
     * declares the same way ({@code on-behalf-of}), and not revoked. The local policy decides what the
     * identity may do; a session's scopes in the passport only narrow it. The rules of {@link #bind}
     * apply as for a name. A passport is checked once and remembered until it expires.
     *
     * <p>Without the agent a passport cannot be checked, and a name that is not checked is never
     * bound: this throws {@link IllegalStateException}.
     *
     * @throws ScopeViolation with scope {@code charter:passport} and the reason, if the passport is
     *         refused; or as {@link #bind} throws it
     */
    public static Binding bindPassport(String passport) {
        Objects.requireNonNull(passport, "passport");
        PassportOffice office = passports;
        if (office == null) {
            throw new IllegalStateException("Charter.bindPassport needs the Charter agent to check the passport");
        }
        Binding current = BOUND.get();
        return bind(office.admit(passport, current == null ? null : current.identity));
    }

    /** How the agent signs and checks passports. */
    interface PassportOffice {

        /**
         * A passport for {@code identity}, or a {@link ScopeViolation} if there is none to sign for.
         *
         * @param identity the identity bound now, or {@code null}
         */
        String mint(String identity, String audience, Duration ttl);

        /**
         * The identity to bind for {@code passport}, or a {@link ScopeViolation} if it is refused.
         *
         * @param current the identity bound now, or {@code null}
         */
        String admit(String passport, String current);
    }

    /** What the agent checks when identities are bound and sessions derived. */
    interface Guard {

        /**
         * Refuses a binding that would escalate.
         *
         * @param current the identity bound now, or the ceiling of an unbound thread that bound code
         *                created; {@code null} on a free thread, whose origin is unbound
         * @throws ScopeViolation if {@code next} may not be bound over {@code current}
         */
        void mayBind(String current, String next);

        /** Registers a session derived from {@code parent}; throws {@link IllegalArgumentException} for bad scopes. */
        void session(String parent, String session, Duration ttl, List<String> scopes);

        /** Whether refusals block now (the mode in force is enforce, not audit). */
        boolean enforcing();
    }

    /**
     * An identity bound to a thread; {@link #close()} restores the binding that was in force before it.
     * Inside Charter, a binding without identity is a confinement: an unbound thread that may bind
     * only what its ceiling may.
     */
    public static final class Binding implements AutoCloseable {

        /** The bound identity, or {@code null} for a confinement. */
        final String identity;
        final Binding previous;
        /** Of a confinement: the identity whose delegates and sessions it may bind. */
        private final String ceiling;
        /** The thread it was bound on, the only one that may close it; {@code null} for a confinement. */
        private final Thread thread;
        /** The agent's compiled authority of this identity, cached here so the gate reads one field. */
        Object row;
        private boolean closed;

        Binding(String identity, Binding previous, String ceiling) {
            this.identity = identity;
            this.previous = previous;
            this.ceiling = ceiling;
            this.thread = identity == null ? null : Thread.currentThread();
        }

        /** The identity that bounds what may be bound over this: the bound one, or the ceiling. */
        String limit() {
            return identity != null ? identity : ceiling;
        }

        /** The bound identity. */
        public String identity() {
            return identity;
        }

        /**
         * Restores the binding that was in force when this one was made. Closing twice does nothing;
         * closing a binding while one made after it is still open is an error.
         *
         * @throws IllegalStateException if called on another thread, or out of order
         */
        @Override
        public void close() {
            if (closed || identity == null) {
                return;
            }
            if (thread != Thread.currentThread()) {
                throw new IllegalStateException("binding of '" + identity + "' closed on thread '"
                        + Thread.currentThread().getName() + "': only the thread that bound it may close it");
            }
            Binding innermost = BOUND.get();
            if (innermost != this) {
                throw new IllegalStateException("binding of '" + identity + "' closed out of order: "
                        + (innermost == null || innermost.identity == null ? "this thread has no binding open"
                                : "'" + innermost.limit() + "' was bound after it and is still open"));
            }
            closed = true;
            BOUND.set(previous);
        }

        @Override
        public String toString() {
            return identity != null ? "Binding[" + identity + "]" : "Confinement[" + ceiling + "]";
        }
    }
}
