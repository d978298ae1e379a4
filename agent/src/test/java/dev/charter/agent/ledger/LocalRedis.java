package dev.charter.agent.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

/** A real {@code redis-server} on a free localhost port, without persistence, for the tests of this package. */
final class LocalRedis implements AutoCloseable {

    final Process process;
    final RedisAddress address;
    final JedisPooled client;

    private LocalRedis(Process process, RedisAddress address) {
        this.process = process;
        this.address = address;
        this.client = RedisLedger.client(address, Duration.ofSeconds(2));
    }

    static LocalRedis start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process;
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("cannot start redis-server (install it: apt-get install redis-server): " + e, e);
        }
        LocalRedis redis = new LocalRedis(process, RedisAddress.parse("redis://127.0.0.1:" + port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                redis.client.ping();
                return redis;
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    redis.close();
                    throw new IOException("redis-server did not start on port " + port, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        process.destroyForcibly();
        process.waitFor();
    }
}
