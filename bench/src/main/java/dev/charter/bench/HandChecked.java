package dev.charter.bench;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The practical limit, written by hand: the identity in a {@code ThreadLocal}, its allowed action ids
 * precomputed as a {@code long[]} bitset, the action id a constant, one bit tested at method entry.
 */
final class HandChecked {

    /** The action id of {@code payments:refund} in the hand-written table. */
    static final int REFUND = 3;

    private static final ThreadLocal<Principal> BOUND = new ThreadLocal<>();

    /** A bound identity and the bits of the actions it may perform. */
    static final class Principal {

        final String name;
        final long[] allowed;

        Principal(String name, int... actions) {
            this.name = name;
            this.allowed = new long[1];
            for (int action : actions) {
                allowed[action >>> 6] |= 1L << action;
            }
        }
    }

    static void bind(Principal principal) {
        BOUND.set(principal);
    }

    static void unbind() {
        BOUND.remove();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    long refund(long cents) {
        Principal bound = BOUND.get();
        if (bound == null || (bound.allowed[REFUND >>> 6] & (1L << REFUND)) == 0) {
            throw new SecurityException("refused: " + (bound == null ? "unbound" : bound.name) + " may not payments:refund");
        }
        return cents + 1;
    }
}
