package dev.charter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free localhost port, without persistence, that a test can kill,
 * pause (SIGSTOP), resume and restart on the same port. {@code .ci/run} installs the server.
 */
public final class RedisServer implements AutoCloseable {

    private static final long READY_MILLIS = 30_000;

    private final int port;
    private final Path log;
    private Process process;

    private final Path data;

    private RedisServer(int port, Path data) throws IOException {
        this.port = port;
        this.data = data;
        this.log = Files.createTempFile("charter-redis-", ".log");
    }

    /** Starts a server on a free port; fails the test, saying why, when {@code redis-server} is missing. */
    public static RedisServer start() throws IOException, InterruptedException {
        return start(null);
    }

    /**
     * Starts a server that keeps its data in {@code data} across {@link #kill} and {@link #restart}
     * (an append-only file, written to disk before each answer); {@code null}: keeps nothing.
     */
    public static RedisServer start(Path data) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServer server = new RedisServer(port, data);
        server.restart();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again on its port (after {@link #kill}), and waits until it answers. */
    public void restart() throws IOException, InterruptedException {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("redis-server", "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--protected-mode", "no"));
            command.addAll(data == null ? java.util.List.of("--appendonly", "no")
                    : java.util.List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", data.toString()));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IOException("cannot start redis-server (install it: apt-get install redis-server): " + e, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
        while (!"+PONG".equals(command("PING"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Kills the server (SIGKILL) and waits for it to be gone: everything it held is lost. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Sends SIGSTOP: connections stay open, nothing is answered. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Sends SIGCONT after {@link #pause}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /**
     * Sends one inline command and returns the first line of the answer ({@code null} when there
     * is none): enough for {@code PING}, {@code DBSIZE} and {@code GET}, with no client library.
     */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            resume();
            kill();
        }
        Files.deleteIfExists(log);
    }
}
