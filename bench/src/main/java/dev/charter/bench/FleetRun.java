package dev.charter.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code java -cp benchmarks.jar dev.charter.bench.FleetRun [JMH options]}: starts a
 * {@code redis-server} on a free localhost port, runs {@link FleetBench} with every fork's agent on
 * {@code ledger=redis://127.0.0.1:<port>} ({@code ledger-timeout=2s}), prints the table, and stops the server.
 */
public final class FleetRun {

    /**
     * The forks' {@code ledger-timeout}: longer than the default, so that a pause of a loaded machine
     * fails no call of the run (a call past the timeout is refused, and a refusal ends the run).
     */
    private static final String TIMEOUT = "2s";

    private FleetRun() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String server = "redis://127.0.0.1:" + port;
        String namespace = "charter-bench-" + ProcessHandle.current().pid();
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path work = Files.createTempDirectory("charter-fleet-bench-");
        try {
            awaitPort(port, redis);
            ChainedOptionsBuilder options = Bench.options(new CommandLineOptions(args), work,
                    server + ",ledger-namespace=" + namespace + ",ledger-timeout=" + TIMEOUT,
                    List.of("-D" + FleetBench.SERVER + "=" + server, "-D" + FleetBench.NAMESPACE + "=" + namespace))
                    .include(FleetBench.class.getSimpleName());
            Collection<RunResult> results = new Runner(options.build()).run();
            Summary.print(results, System.out);
        } finally {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void awaitPort(int port, Process redis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!redis.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start on port " + port
                            + " (is it installed? apt-get install redis-server)", notYet);
                }
                Thread.sleep(20);
            }
        }
    }
}
