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

/** The floor and the practical limit: a bare call, and a hand-written ThreadLocal + bitset check. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class BaselineBench {

    private final Targets.Plain plain = new Targets.Plain();
    private final HandChecked handChecked = new HandChecked();
    /** Read from a field on every call, so that the call cannot be folded into a constant. */
    private long cents = 42;

    @Setup(Level.Trial)
    public void checkAgent() {
        AgentCheck.requireAgent();
    }

    /** Bound per iteration, as the Charter cases bind theirs. */
    @Setup(Level.Iteration)
    public void bind() {
        HandChecked.bind(new HandChecked.Principal("user:alice", 1, HandChecked.REFUND, 7));
    }

    @TearDown(Level.Iteration)
    public void unbind() {
        HandChecked.unbind();
    }

    /** The call alone, no check. */
    @Benchmark
    public long bare() {
        return plain.refund(cents);
    }

    /** ThreadLocal identity + precomputed bitset of allowed action ids, checked at entry. */
    @Benchmark
    public long bitset() {
        return handChecked.refund(cents);
    }
}
