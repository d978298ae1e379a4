package dev.charter.it.app;

import dev.charter.Charter;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Changes its own policy file the ways operators and tools do on a bad day, and prints what the
 * agent decided after each change ({@code args[0]} the case, {@code args[1]} the policy file or its
 * directory). Version one grants refunds of EU orders, version two of DE orders; both are written
 * so that the file cut after their fifth line grants refunds of every order.
 */
public final class PolicyFaults {

    public static final String PREFIX = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:refund"
            """;
    public static final String V1 = PREFIX + "        resources: [\"order/EU-*\"]\n";
    public static final String V2 = PREFIX + "        resources: [\"order/DE-*\"]\n";

    private static final Payments PAYMENTS = new Payments();
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private PolicyFaults() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        switch (args[0]) {
            case "pieces" -> pieces(path);
            case "moved" -> moved(path);
            case "swapped" -> swapped(path);
            case "odd" -> odd(path);
            default -> fullDiskReload(path, Path.of(args[2]));
        }
    }

    static boolean allowed(String order) {
        return Scenarios.outcome(() -> Charter.callAs("user:alice", () -> PAYMENTS.refund(order, 1))).equals("ALLOWED");
    }

    /** Waits until a DE refund is allowed ({@code de} true) or refused; prints and returns whether it came to be. */
    static boolean await(String label, boolean de) throws InterruptedException {
        long until = System.nanoTime() + DEADLINE_NANOS;
        boolean now = allowed("order/DE-1");
        while (now != de && System.nanoTime() < until) {
            Thread.sleep(10);
            now = allowed("order/DE-1");
        }
        System.out.println(label + " " + (now ? "DE-ALLOWED" : "DE-DENIED"));
        return now == de;
    }

    /** Two threads call while the file is rewritten in place, in pieces, again and again. */
    private static void pieces(Path policy) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong broadDecisions = new AtomicLong();
        AtomicLong checks = new AtomicLong();
        Runnable caller = () -> {
            while (running.get()) {
                if (allowed("order/US-1")) {
                    broadDecisions.incrementAndGet(); // only the half-written file allows it
                }
                checks.incrementAndGet();
                Thread.yield();
            }
        };
        Thread first = new Thread(caller, "caller-1");
        Thread second = new Thread(caller, "caller-2");
        first.start();
        second.start();
        int rounds = 0;
        for (int round = 0; round < 4; round++) {
            writeInPieces(policy, V2);
            rounds += await("round-" + round + "-v2", true) ? 1 : 0;
            writeInPieces(policy, V1);
            rounds += await("round-" + round + "-v1", false) ? 1 : 0;
        }
        running.set(false);
        first.join();
        second.join();
        System.out.println("rounds " + rounds);
        System.out.println("broad-decisions " + broadDecisions.get());
        System.out.println("checks-made " + (checks.get() > 0));
    }

    /** Truncates the file, then writes its first five lines and the rest, with pauses in between. */
    private static void writeInPieces(Path policy, String content) throws Exception {
        try (FileChannel out = FileChannel.open(policy, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Thread.sleep(5);
            out.write(ByteBuffer.wrap(PREFIX.getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(10);
            out.write(ByteBuffer.wrap(content.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The policy's directory is moved away and a new one put in its place (args: the directory holding it). */
    private static void moved(Path dir) throws Exception {
        Path conf = dir.resolve("conf");
        await("before", false);
        Files.move(conf, dir.resolve("conf-old"), StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectory(conf);
        replace(conf.resolve("charter.yaml"), V2);
        await("after-move", true);
        replace(conf.resolve("charter.yaml"), V1);
        await("after-next-edit", false);
    }

    /** The path runs through a symbolic link that is swapped to another directory, as config maps do. */
    private static void swapped(Path dir) throws Exception {
        await("before", false);
        Path next = Files.createDirectory(dir.resolve("b"));
        Files.writeString(next.resolve("charter.yaml"), V2);
        Path link = Files.createSymbolicLink(dir.resolve("next"), next.getFileName());
        Files.move(link, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await("after-swap", true);
        replace(next.resolve("charter.yaml"), V1);
        await("after-next-edit", false);
    }

    /** The file is replaced by things that are not a policy, one after another; then by a good one. */
    private static void odd(Path policy) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName charter = new ObjectName("dev.charter:type=Charter");
        long until = System.nanoTime() + DEADLINE_NANOS;
        while (!server.isRegistered(charter) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Path beside = policy.resolveSibling("next.yaml");
        String[] kinds = {"fifo", "dev-zero", "oversized", "not-utf8", "overflowing"};
        for (String kind : kinds) {
            long rejections = (Long) server.getAttribute(charter, "Rejections");
            switch (kind) {
                case "fifo" -> new ProcessBuilder("mkfifo", beside.toString()).inheritIO().start().waitFor();
                case "dev-zero" -> Files.createSymbolicLink(beside, Path.of("/dev/zero"));
                case "oversized" -> {
                    Files.writeString(beside, V2);
                    try (RandomAccessFile file = new RandomAccessFile(beside.toFile(), "rw")) {
                        file.setLength(5L << 20);
                    }
                }
                case "not-utf8" -> Files.write(beside, (V2 + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
                default -> Files.writeString(beside, V2 + "        budget: { limit: 5, per: 9223372036854775807s }\n");
            }
            Files.move(beside, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while ((Long) server.getAttribute(charter, "Rejections") == rejections && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.println(kind + " " + server.getAttribute(charter, "LastRejection"));
            System.out.println(kind + "-eu " + (allowed("order/EU-1") ? "EU-ALLOWED" : "EU-DENIED"));
        }
        replace(policy, V2);
        await("valid", true);
        System.out.println("watcher " + server.getAttribute(charter, "WatcherState"));
    }

    /** The audit file's file system is full while the policy changes, then has room again. */
    private static void fullDiskReload(Path policy, Path filler) throws Exception {
        AuditFaults.fill(filler);
        replace(policy, V2);
        await("while-full", true);
        Files.delete(filler);
        replace(policy, V1);
        await("after-restore", false);
        AuditFaults.refused("after-restore");
    }

    /** Replaces the file the way careful editors do: write beside it, then rename over it. */
    static void replace(Path policy, String content) throws Exception {
        Path next = policy.resolveSibling(policy.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
