package dev.charter.bench;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes a fork without a working Charter agent fail loudly, instead of measuring unchecked calls
 * and reporting fast, wrong numbers. Runs in set-up, never in a measured method.
 */
final class AgentCheck {

    private static boolean enforcing;

    private AgentCheck() {
    }

    /**
     * Requires that this fork was started with the Charter agent, as every fork of the bench is, so
     * that all cases run in the same kind of JVM: the agent puts its gate on the bootstrap class path.
     */
    static void requireAgent() {
        try {
            Class.forName("dev.charter.Gate", false, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this fork runs without the Charter agent; start the bench with "
                    + "'java -jar bench/target/benchmarks.jar', whose main class (dev.charter.bench.Bench) adds "
                    + "-javaagent to every fork", e);
        }
    }

    /**
     * Requires that the agent rewrote the bench's scoped methods and enforces its policy: a call no
     * rule grants must be refused. Checked on a fresh thread, so no binding of the caller interferes.
     */
    static synchronized void requireEnforcing() {
        requireAgent();
        if (enforcing) {
            return;
        }
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread probe = new Thread(() -> {
            try (Charter.Binding ignored = Charter.bind("user:alice")) {
                new Targets.Catalog().setPrice(1);
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "charter-bench-probe");
        probe.start();
        try {
            probe.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Charter agent", e);
        }
        Throwable thrown = outcome.get();
        if (!(thrown instanceof ScopeViolation)) {
            throw new IllegalStateException("the Charter agent does not enforce in this fork: user:alice called "
                    + "catalog:price:write, which no rule grants, and " + (thrown == null ? "it ran" : "got " + thrown)
                    + "; the Charter numbers of this fork would measure unchecked calls", thrown);
        }
        enforcing = true;
    }
}
