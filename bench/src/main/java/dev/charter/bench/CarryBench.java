package dev.charter.bench;

import dev.charter.Charter;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
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

/**
 * What carrying an identity into a task costs the thread that runs it: {@code FutureTask.run} of a
 * finished task, so that only the agent's entry and exit run. A task whose origin is freer than the
 * running thread is let through only after the caller is checked (a stack walk). And what an executor
 * of the application's pays for the task it is handed to be wrapped at submission.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CarryBench {

    /** Made on the unbound setup thread. */
    private FutureTask<Object> madeUnbound;
    /** Made while {@code user:alice} was bound. */
    private FutureTask<Object> madeByAlice;

    @Setup(Level.Trial)
    public void makeTasks() throws Exception {
        AgentCheck.requireEnforcing();
        madeUnbound = new FutureTask<>(() -> "done");
        madeUnbound.run();
        madeByAlice = Charter.callAs("user:alice", () -> new FutureTask<>(() -> "done"));
        madeByAlice.run();
    }

    /** The measuring thread is bound to alice only in the cases that need it. */
    @State(Scope.Thread)
    public static class Alice {
        private Charter.Binding binding;

        @Setup(Level.Iteration)
        public void bind() {
            binding = Charter.bind("user:alice");
        }

        @TearDown(Level.Iteration)
        public void unbind() {
            binding.close();
        }
    }

    /** An executor of the application's that runs each task in place: the agent wraps what its execute is handed. */
    static final class InPlace implements Executor {
        @Override
        public void execute(Runnable task) {
            task.run();
        }
    }

    private final Executor inPlace = new InPlace();
    private final Runnable task = new Runnable() {
        @Override
        public void run() {
            // nothing: what is measured is the handing over
        }
    };

    /** The task, run bare: the baseline of the two below. */
    @Benchmark
    public void taskRunBare() {
        task.run();
    }

    /** The task handed to the application's executor on alice's thread: wrapped with alice, run under her, restored. */
    @Benchmark
    public void taskOnApplicationExecutor(Alice bound) {
        inPlace.execute(task);
    }

    /** An unbound thread runs an unbound task: nothing to carry. */
    @Benchmark
    public void unboundTaskOnUnboundThread() {
        madeUnbound.run();
    }

    /** Alice's thread runs alice's task: carried, no check needed. */
    @Benchmark
    public void alicesTaskOnAlicesThread(Alice bound) {
        madeByAlice.run();
    }

    /** Alice's thread runs an unbound task: freer than the thread, so the caller is checked first. */
    @Benchmark
    public void unboundTaskOnAlicesThread(Alice bound) {
        madeUnbound.run();
    }
}
