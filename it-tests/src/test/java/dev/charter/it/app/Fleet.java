package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.Charter;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of a fleet against {@code it/fleet.yaml}, driven line by line on standard input, one
 * answer line each on standard output:
 * <ul>
 *   <li>{@code call <identity> <tool> <resource> <amount>}: {@code ALLOWED} or {@code DENIED <message>}</li>
 *   <li>{@code timed ...} as {@code call}, prefixed with the milliseconds the call took</li>
 *   <li>{@code session <identity> <tool> <resource> <amount>}: as {@code call}, in a session of the identity</li>
 *   <li>{@code burst <identity> <tool> <resource> <amount> <threads> <calls per thread>}:
 *       {@code <allowed> <denied> <reasons of the denials, distinct, joined by |>}</li>
 *   <li>{@code soak <identity> <tool> <resource> <amount> <threads> <seconds>}: as {@code burst}, each
 *       thread calling for that long</li>
 * </ul>
 */
public final class Fleet {

    /** The tools of the fleet's agents. */
    public static final class Tools {
        @ScopedAction("fleet:buy")
        public void buy(@ActsOn String item, @Spends long amount) {
        }

        @ScopedAction("fleet:ping")
        public void ping(@ActsOn String target) {
        }

        @ScopedAction("fleet:price")
        public void price(@ActsOn String sku, @Spends long cents) {
        }

        @ScopedAction("fleet:free")
        public void free(@ActsOn String what) {
        }
    }

    private static final Tools TOOLS = new Tools();

    private Fleet() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            String answer = switch (words[0]) {
                case "call" -> call(words[1], words[2], words[3], Long.parseLong(words[4]));
                case "timed" -> {
                    long start = System.nanoTime();
                    String outcome = call(words[1], words[2], words[3], Long.parseLong(words[4]));
                    yield (System.nanoTime() - start) / 1_000_000 + " " + outcome;
                }
                case "session" -> {
                    String session;
                    try (Charter.Binding ignored = Charter.bind(words[1])) {
                        session = Charter.session("s" + System.nanoTime(), Duration.ofMinutes(5), "fleet:*");
                    }
                    yield call(session, words[2], words[3], Long.parseLong(words[4]));
                }
                case "burst" -> burst(words[1], words[2], words[3], Long.parseLong(words[4]),
                        Integer.parseInt(words[5]), Integer.parseInt(words[6]), Long.MAX_VALUE);
                case "soak" -> burst(words[1], words[2], words[3], Long.parseLong(words[4]),
                        Integer.parseInt(words[5]), Integer.MAX_VALUE,
                        System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Long.parseLong(words[6])));
                default -> "ERROR unknown command " + words[0];
            };
            System.out.println(answer);
            System.out.flush();
        }
    }

    private static String call(String identity, String tool, String resource, long amount) {
        return Scenarios.outcome(() -> Charter.callAs(identity, tool(tool, resource, amount)));
    }

    private static Callable<Object> tool(String tool, String resource, long amount) {
        return () -> {
            switch (tool) {
                case "buy" -> TOOLS.buy(resource, amount);
                case "ping" -> TOOLS.ping(resource);
                case "price" -> TOOLS.price(resource, amount);
                case "free" -> TOOLS.free(resource);
                default -> throw new IllegalArgumentException(tool);
            }
            return null;
        };
    }

    private static String burst(String identity, String tool, String resource, long amount, int threads, int calls,
            long until) throws InterruptedException {
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        ConcurrentHashMap<String, Boolean> reasons = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls && (until == Long.MAX_VALUE || System.nanoTime() < until); i++) {
                    String outcome = call(identity, tool, resource, amount);
                    if (outcome.equals("ALLOWED")) {
                        allowed.incrementAndGet();
                    } else {
                        denied.incrementAndGet();
                        reasons.put(outcome.replaceAll(".*: (budget|rate|held by \\S+|ledger unavailable).*", "$1"), true);
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        return allowed.get() + " " + denied.get() + " " + String.join("|", new java.util.TreeSet<>(reasons.keySet()));
    }
}
