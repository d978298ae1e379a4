package dev.charter.it.app;

import dev.charter.Charter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Edits its own policy file while it runs ({@code args}: the policy in force, version one, version
 * two). {@code edits}: a valid edit takes effect, an invalid one is refused. {@code flips}: two
 * threads call while a third flips the file between the versions every few milliseconds, pausing now
 * and then for a version to settle; prints every distinct outcome seen.
 */
public final class Reloading {

    private static final Payments PAYMENTS = new Payments();
    private static final Limited.Reports REPORTS = new Limited.Reports();

    private Reloading() {
    }

    public static void main(String[] args) throws Exception {
        Path policy = Path.of(args[1]);
        Path one = Path.of(args[2]);
        Path two = Path.of(args[3]);
        if (args[0].equals("edits")) {
            edits(policy, two);
        } else {
            flips(policy, one, two);
        }
    }

    private static String us() {
        return Scenarios.outcome(() -> Charter.callAs("user:alice", () -> PAYMENTS.refund("order/US-1", 1)));
    }

    private static void edits(Path policy, Path two) throws Exception {
        System.out.println("before " + us());
        long start = System.nanoTime();
        replace(policy, Files.readAllBytes(two));
        String outcome = us();
        while (!outcome.equals("ALLOWED") && System.nanoTime() - start < 10_000_000_000L) {
            Thread.sleep(10);
            outcome = us();
        }
        System.out.println("after-valid-edit " + outcome);
        System.out.println("took-ms " + (System.nanoTime() - start) / 1_000_000);
        replace(policy, "version: 1\nidentities:\n  user:alice:\n    grants:\n      - scope: \"payments::\"\n"
                .getBytes(StandardCharsets.UTF_8));
        // the refusal is recorded in the audit file beside the policy
        Path audit = policy.resolveSibling("audit.jsonl");
        long until = System.nanoTime() + 30_000_000_000L;
        while (!Files.readString(audit).contains("\"event\":\"policy-rejected\"") && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        System.out.println("after-invalid-edit " + us());
    }

    private static void flips(Path policy, Path one, Path two) throws Exception {
        byte[][] versions = {Files.readAllBytes(one), Files.readAllBytes(two)};
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Runnable caller = () -> {
            while (running.get()) {
                for (String outcome : new String[] {
                    "eu " + Scenarios.outcome(() -> Charter.callAs("user:alice", () -> PAYMENTS.refund("order/EU-1", 1))),
                    "us " + us(),
                    "reports " + Scenarios.outcome(() -> Charter.callAs("user:alice", () -> REPORTS.run("daily"))),
                }) {
                    seen.add(outcome);
                    counts.computeIfAbsent(outcome.substring(0, outcome.indexOf(' ')) + " " + outcome.split(" ")[1],
                            key -> new AtomicLong()).incrementAndGet();
                }
                Thread.yield(); // two busy callers on two cores must not starve the watcher
            }
        };
        Thread first = new Thread(caller);
        Thread second = new Thread(caller);
        first.start();
        second.start();
        long start = System.nanoTime();
        java.util.SplittableRandom jitter = new java.util.SplittableRandom(7);
        for (int flip = 0; !bothInForce(seen, start) && System.nanoTime() - start < 60_000_000_000L; flip++) {
            replace(policy, versions[flip % 2]);
            // irregular, so that the watcher's reads do not keep in step; every seventh version (one, then
            // two) stays long enough to settle and be loaded, the rest change before they settle
            Thread.sleep(flip % 7 == 6 ? 1_500 : jitter.nextInt(2, 15));
        }
        running.set(false);
        first.join();
        second.join();
        new TreeMap<>(counts).forEach((outcome, count) -> System.out.println("count " + outcome + " " + count));
        seen.stream().sorted().forEach(outcome -> System.out.println("seen " + outcome));
    }

    /** Whether each version was seen in force, and the flipping ran three seconds. */
    private static boolean bothInForce(Set<String> seen, long start) {
        return seen.contains("eu ALLOWED") && seen.contains("us ALLOWED") && System.nanoTime() - start > 3_000_000_000L;
    }

    /** Replaces the file the way careful editors do: write beside it, then rename over it. */
    private static void replace(Path policy, byte[] content) throws Exception {
        Path next = policy.resolveSibling(policy.getFileName() + ".next");
        Files.write(next, content);
        Files.move(next, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
