package dev.charter.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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

/** jcasbin RBAC {@code enforce} at method entry, for the identity bound to the thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CasbinBench {

    private CasbinChecked casbin;
    /** Read from a field on every call, so that the call cannot be folded into a constant. */
    private long cents = 42;

    @Setup(Level.Trial)
    public void setUp() {
        AgentCheck.requireAgent();
        casbin = new CasbinChecked();
        if (casbin.lines != 23 || !casbin.allows("user:alice", "payments", "refund")
                || casbin.allows("user:alice", "catalog", "price:write")) {
            throw new IllegalStateException("the jcasbin policy does not decide as the bench expects");
        }
    }

    /** Bound per iteration, as the Charter cases bind theirs. */
    @Setup(Level.Iteration)
    public void bind() {
        CasbinChecked.bind("user:alice");
    }

    @TearDown(Level.Iteration)
    public void unbind() {
        CasbinChecked.unbind();
    }

    /** {@code enforcer.enforce(identity, "payments", "refund")}: RBAC, 23 policy lines. */
    @Benchmark
    public long enforce() {
        return casbin.refund(cents);
    }
}
