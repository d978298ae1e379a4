package dev.charter.bench;

import java.security.AccessControlException;
import java.security.BasicPermission;
import java.security.Permission;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK 17 SecurityManager: {@code checkPermission} of a custom permission at method entry, with
 * a security manager installed and a policy that grants that permission. Only on JDK 17: JDK 18 to
 * 23 need {@code -Djava.security.manager=allow}, and JDK 24 removed it; the runner leaves this
 * benchmark out when its forks would run on another JDK.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
@SuppressWarnings("removal") // the point of the benchmark
public class SecurityManagerBench {

    /** The JDK the forks must run for this benchmark. */
    static final int JDK = 17;

    private final Guarded guarded = new Guarded();
    /** Read from a field on every call, so that the call cannot be folded into a constant. */
    private long cents = 42;

    /** A scope as a JDK permission. */
    static final class ScopePermission extends BasicPermission {

        private static final long serialVersionUID = 1L;

        ScopePermission(String scope) {
            super(scope);
        }
    }

    /** Grants the bench's code {@code payments:refund} and nothing else of its kind; all other permissions. */
    static final class ScopePolicy extends Policy {

        private final Permission granted = new ScopePermission("payments:refund");

        @Override
        public boolean implies(ProtectionDomain domain, Permission permission) {
            return !(permission instanceof ScopePermission) || granted.implies(permission);
        }
    }

    static final class Guarded {

        private static final Permission REFUND = new ScopePermission("payments:refund");

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        long refund(long cents) {
            SecurityManager security = System.getSecurityManager();
            if (security != null) {
                security.checkPermission(REFUND);
            }
            return cents + 1;
        }
    }

    @Setup(Level.Trial)
    public void install() {
        AgentCheck.requireAgent();
        if (Runtime.version().feature() != JDK) {
            throw new IllegalStateException("the SecurityManager benchmark runs on JDK " + JDK + " only, not "
                    + Runtime.version());
        }
        Policy.setPolicy(new ScopePolicy());
        System.setSecurityManager(new SecurityManager());
        try {
            System.getSecurityManager().checkPermission(new ScopePermission("catalog:price:write"));
            throw new IllegalStateException("the security manager granted a permission the policy does not");
        } catch (AccessControlException expected) {
            // checked for real
        }
    }

    @TearDown(Level.Trial)
    public void uninstall() {
        System.setSecurityManager(null);
    }

    /** {@code SecurityManager.checkPermission}: a walk of the stack's protection domains against the policy. */
    @Benchmark
    public long checkPermission() {
        return guarded.refund(cents);
    }
}
