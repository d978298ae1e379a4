package dev.charter.bench;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Charter through the real agent: the fork runs with {@code -javaagent} on the shaded jar and the
 * bench policy ({@code charter-bench.yaml}), and the agent rewrites the scoped methods of
 * {@link Targets}. Each state checks first that the agent really enforces.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CharterBench {

    /** How many distinct resources the stream cycles over: more than a row caches (4,096). */
    static final int DISTINCT_RESOURCES = 10_000;

    private final Targets.Payments payments = new Targets.Payments();
    private final Targets.Orders orders = new Targets.Orders();
    private final Targets.Catalog catalog = new Targets.Catalog();
    private final Targets.Budgeted budgeted = new Targets.Budgeted();
    /** Read from fields on every call, so that calls cannot be folded into constants. */
    private long cents = 42;
    private String order = "order/EU-1";

    /**
     * Binds one identity to the measuring thread for each iteration. Not once per trial: JMH runs
     * each iteration as a task that its unbound main thread submits to the worker thread, and the
     * agent runs a task under the identity captured at submission, so a binding made inside one
     * iteration's task ends with it.
     */
    abstract static class Bound {

        private Charter.Binding binding;

        abstract String identity();

        @Setup(Level.Trial)
        public void checkAgent() {
            AgentCheck.requireEnforcing();
        }

        @Setup(Level.Iteration)
        public void bind() {
            binding = Charter.bind(identity());
        }

        @TearDown(Level.Iteration)
        public void unbind() {
            Optional<String> current = Charter.current();
            if (!current.equals(Optional.of(identity()))) {
                throw new IllegalStateException("the measuring thread lost its binding of " + identity()
                        + " during the iteration: it has " + current);
            }
            binding.close();
        }
    }

    /** {@code user:alice}: granted {@code payments} on every resource. */
    @State(Scope.Thread)
    public static class Alice extends Bound {
        @Override
        String identity() {
            return "user:alice";
        }
    }

    /** {@code agent:refund-bot}, on behalf of alice: {@code orders:read} only on {@code order/EU-*}. */
    @State(Scope.Thread)
    public static class RefundBot extends Bound {
        @Override
        String identity() {
            return "agent:refund-bot";
        }
    }

    /** {@code agent:helper-bot}, on behalf of refund-bot, on behalf of alice: a chain of depth 3. */
    @State(Scope.Thread)
    public static class HelperBot extends Bound {
        @Override
        String identity() {
            return "agent:helper-bot";
        }
    }

    /** {@code agent:spender}: a grant with a budget and a rate. */
    @State(Scope.Thread)
    public static class Spender extends Bound {
        @Override
        String identity() {
            return "agent:spender";
        }
    }

    /** Distinct resources, precomputed, handed out in a cycle. */
    @State(Scope.Thread)
    public static class OrderStream {

        private final String[] orders = new String[DISTINCT_RESOURCES];
        private int next;

        @Setup(Level.Trial)
        public void fill() {
            for (int i = 0; i < orders.length; i++) {
                orders[i] = String.format("order/EU-%05d", i);
            }
        }

        String next() {
            String order = orders[next];
            next = next + 1 == orders.length ? 0 : next + 1;
            return order;
        }
    }

    /**
     * The audit file the agent appends every refusal to. Emptied after each iteration so that the
     * disk does not fill, and checked to have grown, so that a refusal without its record shows.
     */
    @State(Scope.Benchmark)
    public static class AuditLog {

        private Path file;

        @Setup(Level.Trial)
        public void locate() {
            String path = System.getProperty("charter.bench.audit");
            if (path == null) {
                throw new IllegalStateException("no audit file: start the bench through dev.charter.bench.Bench");
            }
            file = Path.of(path);
        }

        @TearDown(Level.Iteration)
        public void checkAndEmpty() throws IOException {
            if (!Files.exists(file) || Files.size(file) == 0) {
                throw new IllegalStateException("refusals were measured but no audit record reached " + file);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0); // the agent appends (O_APPEND): its next record starts the file again
            }
        }
    }

    /** Allowed, no resource: the gate's fast path (thread's binding, cached row, one bit). */
    @Benchmark
    public long allowed(Alice alice) {
        return payments.refund(cents);
    }

    /** The same call by the end of a chain of depth 3: the chain is compiled into the row, not walked. */
    @Benchmark
    public long allowedChain3(HelperBot helper) {
        return payments.refund(cents);
    }

    /** Allowed, no resource, two threads calling at once, each with its own binding. */
    @Benchmark
    @Threads(2)
    public long allowedTwoThreads(Alice alice) {
        return payments.refund(cents);
    }

    /** Allowed on an {@code @ActsOn} resource, the same one every call: the per-resource cache hits. */
    @Benchmark
    public long resourceHit(RefundBot bot) {
        return orders.read(order);
    }

    /** Allowed on an {@code @ActsOn} resource with a {@code @Spends} amount, by a grant without limits. */
    @Benchmark
    public long resourceAndSpend(RefundBot bot) {
        return orders.refund(order, cents);
    }

    /** Allowed on 10,000 distinct resources in a cycle: more than the per-identity cache holds. */
    @Benchmark
    public long resourceStream(RefundBot bot, OrderStream stream) {
        return orders.read(stream.next());
    }

    /** Allowed by a grant with a budget and a rate: both counters charged on the memory ledger, by compare-and-set. */
    @Benchmark
    public long budgetAndRate(Spender spender) {
        return budgeted.spend(cents);
    }

    /** The same, two threads charging the same two counters at once. */
    @Benchmark
    @Threads(2)
    public long budgetAndRateTwoThreads(Spender spender) {
        return budgeted.spend(cents);
    }

    /** Refused: the decision, the audit record appended to a file, and the ScopeViolation thrown. */
    @Benchmark
    public void denied(Alice alice, AuditLog audit, Blackhole blackhole) {
        try {
            blackhole.consume(catalog.setPrice(cents));
        } catch (ScopeViolation refused) {
            blackhole.consume(refused);
        }
    }

    /** Refused on two threads at once: a record that arrives while the other thread writes joins the next write. */
    @Benchmark
    @Threads(2)
    public void deniedTwoThreads(Alice alice, AuditLog audit, Blackhole blackhole) {
        denied(alice, audit, blackhole);
    }
}
