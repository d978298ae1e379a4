package dev.charter;

import java.time.Duration;
import java.util.List;

/**
 * What rewritten methods call at entry:
 * {@code if (!Gate.allows(action)) { RuntimeException refused = Gate.decide(action, resource, spend); if (refused != null) throw refused; }}
 * The refusal is thrown by the rewritten method itself: an exception costs about 0.1 µs for each
 * frame it unwinds, and a refusal's caller is the frame that catches it.
 *
 * <p>Lives in the API package so that it reads the thread's binding directly, and in the boot class
 * loader with the API so that every class loader sees one copy. The allowed path reads the binding,
 * its cached row and one bit: no lock, no allocation, no clock. A primitive amount is passed to
 * {@link #decide} as a {@code long} or {@code double}, boxed only where a limit needs it. Everything
 * else — refusals, resources, rows that are missing or stale — goes to the installed {@link Enforcer}.
 */
public final class Gate {

    private static volatile Enforcer enforcer;
    /** The generation of the policy in force: rows of earlier ones are stale. */
    private static volatile int generation;

    private Gate() {
    }

    /**
     * Whether the identity bound to this thread may perform {@code action} on any resource, as far
     * as the fast path knows. {@code false} means ask {@link #decide}, not that the call is refused.
     *
     * @param action the action's id, a constant in the rewritten method
     */
    public static boolean allows(int action) {
        Charter.Binding bound = Charter.BOUND.get();
        return bound != null && bound.row instanceof Row row && row.generation == generation
                && row.allowsOnAnyResource(action);
    }

    /**
     * Decides a call the fast path did not allow: returns {@code null} to let it proceed, or the
     * refusal (a {@link ScopeViolation}) for the rewritten method to throw. Typed {@code RuntimeException},
     * a class of the JDK's, so that the signature means one type whichever loader defined the caller.
     *
     * @param action the action's id, a constant in the rewritten method
     * @param resource the {@link ActsOn} argument, or {@code null} when the action has none
     * @param spend the {@link Spends} argument, or {@code null} when the action has none
     */
    public static RuntimeException decide(int action, Object resource, Object spend) {
        Enforcer in = enforcer();
        return in.decide(row(in, action), action, resource, spend);
    }

    /** {@link #decide(int, Object, Object)} for a whole amount: it is boxed only if the enforcer needs it. */
    public static RuntimeException decide(int action, Object resource, long spend) {
        Enforcer in = enforcer();
        return in.decide(row(in, action), action, resource, spend);
    }

    /** {@link #decide(int, Object, Object)} for a fractional amount: it is boxed only if the enforcer needs it. */
    public static RuntimeException decide(int action, Object resource, double spend) {
        Enforcer in = enforcer();
        return in.decide(row(in, action), action, resource, spend);
    }

    private static Enforcer enforcer() {
        Enforcer in = enforcer;
        if (in == null) {
            throw new IllegalStateException("Charter gate called before the agent installed its enforcer");
        }
        return in;
    }

    /** The bound identity's current row, remembered on its binding; {@code null} when none is bound. */
    private static Row row(Enforcer in, int action) {
        Charter.Binding bound = Charter.BOUND.get();
        if (bound == null || bound.identity == null) { // a confinement binds no identity
            return null;
        }
        Row row = bound.row instanceof Row cached && cached.actions > action && cached.generation == generation
                ? cached : in.row(bound.identity);
        bound.row = row;
        return row;
    }

    /**
     * Makes every row of an earlier policy stale: the installed enforcer calls it once it has swapped
     * a new policy in, so that a call sees either the old policy or the new one, never a mix.
     * Generations start at 0; a call from any other enforcer changes nothing.
     */
    public static void inForce(Enforcer from, int policyGeneration) {
        if (from == enforcer) {
            generation = policyGeneration;
        }
    }

    /** The registered {@link Governor}, or {@code null}. */
    public static Governor governor() {
        return Charter.governor;
    }

    /**
     * Installs the enforcer; allowed once per JVM, so nothing can replace the agent's.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(Enforcer chosen) {
        if (enforcer != null) {
            throw new IllegalStateException("a Charter enforcer is installed already");
        }
        enforcer = chosen;
        Charter.guard = new Charter.Guard() {
            @Override
            public void mayBind(String current, String next) {
                chosen.mayBind(current, next);
            }

            @Override
            public void session(String parent, String session, Duration ttl, List<String> scopes) {
                chosen.session(parent, session, ttl, scopes);
            }

            @Override
            public boolean enforcing() {
                return chosen.enforcing();
            }
        };
    }

    /** Decides what the gate's fast path cannot. Implemented by the agent. */
    public interface Enforcer {

        /** The compiled authority of {@code identity} over every action registered so far. */
        Row row(String identity);

        /**
         * Decides one call: returns {@code null} to let it proceed, or the refusal (a {@link ScopeViolation}),
         * which the caller throws.
         *
         * @param row the caller's row, or {@code null} when no identity is bound
         */
        RuntimeException decide(Row row, int action, Object resource, Object spend);

        /** {@link #decide(Row, int, Object, Object)} for a whole amount, boxed only where a limit needs it. */
        RuntimeException decide(Row row, int action, Object resource, long spend);

        /** {@link #decide(Row, int, Object, Object)} for a fractional amount, boxed only where a limit needs it. */
        RuntimeException decide(Row row, int action, Object resource, double spend);

        /**
         * Refuses a binding that would escalate: returns to allow it, throws {@link ScopeViolation}.
         *
         * @param current the identity bound now, or {@code null}
         */
        void mayBind(String current, String next);

        /** Registers a session derived from {@code parent}; throws {@link IllegalArgumentException} for bad scopes. */
        void session(String parent, String session, Duration ttl, List<String> scopes);

        /** Whether refusals block now: the mode in force is enforce, not audit. */
        boolean enforcing();
    }

    /**
     * One identity's authority compiled against the actions registered when it was built: a bit per
     * action it may perform on any resource. Immutable, so it can be shared between threads freely.
     */
    public abstract static class Row {

        private final long[] anyResource;
        final int actions;
        final int generation;

        /**
         * @param anyResource a bit per action id this identity may perform on every resource
         * @param actions how many actions were registered when the row was built
         * @param generation the generation of the policy it was built from
         */
        protected Row(long[] anyResource, int actions, int generation) {
            this.anyResource = anyResource.clone();
            this.actions = actions;
            this.generation = generation;
        }

        /** The generation of the policy this row was built from. */
        public final int generation() {
            return generation;
        }

        /** How many actions were registered when this row was built; ids from there on are not covered. */
        public final int actions() {
            return actions;
        }

        final boolean allowsOnAnyResource(int action) {
            int word = action >>> 6;
            return word < anyResource.length && (anyResource[word] & (1L << action)) != 0;
        }
    }
}
