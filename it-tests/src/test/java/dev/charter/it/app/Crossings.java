package dev.charter.it.app;

import dev.charter.Charter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two threads, for {@code args[0]} milliseconds and at least {@code args[1]} decisions (at most a
 * minute more, on a loaded machine), each take a random origin (the orchestrator,
 * {@code user:boss} or {@code agent:low}), a random route to other work (every route of
 * {@link Ceiling}) and a random identity to bind there, and check the outcome against the policy
 * {@code it/ceiling.yaml}: from the orchestrator anything declared binds; from an identity only it,
 * its delegates. Prints {@code decisions N wrong W}, then each wrong one.
 */
public final class Crossings {

    private static final String[] ORIGINS = {null, "user:boss", "agent:low"};
    private static final String[] TARGETS = {"user:admin", "user:boss", "agent:low", "agent:low-helper"};
    private static final Map<String, Set<String>> MAY_BIND = Map.of(
            "user:boss", Set.of("user:boss", "agent:low", "agent:low-helper"),
            "agent:low", Set.of("agent:low", "agent:low-helper"));

    private Crossings() {
    }

    public static void main(String[] args) throws Exception {
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000;
        long atLeast = Long.parseLong(args[1]);
        long atMost = until + 60_000_000_000L;
        AtomicLong decisions = new AtomicLong();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            SplittableRandom random = new SplittableRandom(t);
            threads.add(new Thread(() -> {
                while (System.nanoTime() < until || decisions.get() < atLeast && System.nanoTime() < atMost) {
                    String origin = ORIGINS[random.nextInt(ORIGINS.length)];
                    String target = TARGETS[random.nextInt(TARGETS.length)];
                    Callable<String> bindThere = () -> Outcome.of(() -> Charter.callAs(target,
                            () -> Charter.current().orElseThrow().equals(target) ? null : fail("bound wrong")));
                    List<Map.Entry<String, Callable<String>>> routes =
                            new ArrayList<>(Ceiling.routes(bindThere).entrySet());
                    Map.Entry<String, Callable<String>> route = routes.get(random.nextInt(routes.size()));
                    String outcome;
                    try {
                        outcome = origin == null ? route.getValue().call() : Charter.callAs(origin, route.getValue());
                    } catch (Exception e) {
                        outcome = "ERROR " + e;
                    }
                    if (outcome.equals("n/a")) {
                        continue;
                    }
                    boolean expected = origin == null || MAY_BIND.get(origin).contains(target);
                    decisions.incrementAndGet();
                    if (!outcome.startsWith(expected ? "ALLOWED" : "DENIED")) {
                        wrong.add((origin == null ? "orchestrator" : origin) + " " + route.getKey() + " " + target
                                + ": " + outcome);
                    }
                }
            }, "crossing-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("decisions " + decisions.get() + " wrong " + wrong.size());
        wrong.forEach(System.out::println);
    }

    private static Object fail(String why) {
        throw new IllegalStateException(why);
    }
}
