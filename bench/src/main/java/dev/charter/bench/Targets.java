package dev.charter.bench;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The methods the benchmarks call: the same one-line body behind each way of checking. Every one is
 * kept out of line ({@code DONT_INLINE}), so that each case pays a real call, as scoped methods
 * called from agent code do; the check under test runs inside it, at entry.
 */
final class Targets {

    private Targets() {
    }

    /** No check at all: the floor. */
    static final class Plain {

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long refund(long cents) {
            return cents + 1;
        }
    }

    /** Rewritten by the Charter agent: the gate's check is inlined at entry. */
    static final class Payments {

        @ScopedAction("payments:refund")
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long refund(long cents) {
            return cents + 1;
        }
    }

    /** A scoped action on a resource: decided per resource, because its grant lists resources. */
    static final class Orders {

        @ScopedAction("orders:read")
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long read(@ActsOn String order) {
            return order.length();
        }

        @ScopedAction("orders:refund")
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long refund(@ActsOn String order, @Spends long cents) {
            return order.length() + cents;
        }
    }

    /** A scoped action whose grant has a budget and a rate: every call is counted in the ledger. */
    static final class Budgeted {

        @ScopedAction("spend:small")
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long spend(@Spends long cents) {
            return cents + 1;
        }
    }

    /** A scoped action the bench policy grants to nobody: every call is a refusal. */
    static final class Catalog {

        @ScopedAction("catalog:price:write")
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long setPrice(long cents) {
            return cents + 1;
        }
    }
}
