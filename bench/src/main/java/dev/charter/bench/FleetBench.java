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
import redis.clients.jedis.JedisPooled;

/**
 * The fleet ledger: a call charged on a Redis ledger (one script, one round trip) beside a bare
 * {@code PING} to the same server from the same JVM. Run through {@link FleetRun}, which starts a
 * {@code redis-server} and the forks with {@code ledger=redis://...}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FleetBench {

    /** The system property that names the server, set by {@link FleetRun}. */
    static final String SERVER = "charter.bench.redis";
    /** The system property that names the ledger's namespace, set by {@link FleetRun}. */
    static final String NAMESPACE = "charter.bench.namespace";

    private final Targets.Budgeted budgeted = new Targets.Budgeted();
    private long cents = 42;

    /** {@code agent:spender}, whose grant has a budget and a rate: every call is charged on the ledger. */
    @State(Scope.Thread)
    public static class Spender extends CharterBench.Bound {
        @Override
        String identity() {
            return "agent:spender";
        }
    }

    /** A client of the fleet's server, as an application would have one. */
    @State(Scope.Benchmark)
    public static class Server {

        JedisPooled redis;

        @Setup(Level.Trial)
        public void connect() {
            String server = System.getProperty(SERVER);
            if (server == null) {
                throw new IllegalStateException("no Redis server: run the fleet bench through dev.charter.bench.FleetRun");
            }
            redis = new JedisPooled(java.net.URI.create(server));
            redis.ping();
        }

        @TearDown(Level.Trial)
        public void close() {
            redis.close();
        }
    }

    /** Fails the run unless the agent charged its counters on the server: else the numbers would be the memory ledger's. */
    @State(Scope.Benchmark)
    public static class Charged {

        @TearDown(Level.Trial)
        public void check() {
            String namespace = System.getProperty(NAMESPACE);
            try (JedisPooled redis = new JedisPooled(java.net.URI.create(System.getProperty(SERVER)))) {
                if (redis.keys(namespace + ":c:*").isEmpty()) {
                    throw new IllegalStateException("no counter of namespace " + namespace
                            + " on the server: the agent did not use the Redis ledger");
                }
            }
        }
    }

    /** Allowed by a grant with a budget and a rate, both charged on the Redis ledger in one script. */
    @Benchmark
    public long redisLedger(Spender spender, Charged charged) {
        return budgeted.spend(cents);
    }

    /** A bare {@code PING} to the same server: one round trip, the floor of any charge. */
    @Benchmark
    public String ping(Server server) {
        return server.redis.ping();
    }
}
