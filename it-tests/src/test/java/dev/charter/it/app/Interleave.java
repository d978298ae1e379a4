package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two submitting threads, each under identities picked at random (or none), hand scoped calls to
 * shared pools for {@code args[0]} milliseconds and at least {@code args[1]} decisions (at most a
 * minute more, on a loaded machine); every call's outcome is checked against what the submitting
 * identity may do. Prints {@code decisions N wrong W}.
 */
public final class Interleave {

    private static final String[] IDENTITIES = {"user:alice", "agent:refund-bot", "agent:pricing-bot", null};

    private Interleave() {
    }

    /** What the test policy lets {@code identity} do with {@code order}. */
    static boolean expected(String identity, String order) {
        return "user:alice".equals(identity) || "agent:refund-bot".equals(identity) && order.startsWith("order/EU-");
    }

    public static void main(String[] args) throws Exception {
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000;
        long atLeast = Long.parseLong(args[1]);
        long atMost = until + 60_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ForkJoinPool forkJoin = new ForkJoinPool(2);
        Payments payments = new Payments();
        AtomicLong decisions = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            SplittableRandom random = new SplittableRandom(s);
            submitters.add(new Thread(() -> {
                while (System.nanoTime() < until || decisions.get() < atLeast && System.nanoTime() < atMost) {
                    String identity = IDENTITIES[random.nextInt(IDENTITIES.length)];
                    String order = (random.nextBoolean() ? "order/EU-" : "order/US-") + random.nextInt(1000);
                    Runnable check = () -> {
                        boolean allowed;
                        try {
                            payments.refund(order, 1);
                            allowed = true;
                        } catch (ScopeViolation refused) {
                            allowed = false;
                        }
                        decisions.incrementAndGet();
                        if (allowed != expected(identity, order)
                                || !Charter.current().equals(Optional.ofNullable(identity))) {
                            wrong.incrementAndGet();
                        }
                    };
                    int path = random.nextInt(4);
                    Runnable submit = () -> {
                        Future<?> done = switch (path) {
                            case 0 -> pool.submit(check);
                            case 1 -> CompletableFuture.runAsync(check, pool);
                            case 2 -> forkJoin.submit(check);
                            default -> CompletableFuture.runAsync(check);
                        };
                        try {
                            done.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    };
                    if (identity == null) {
                        submit.run();
                    } else {
                        Charter.runAs(identity, submit);
                    }
                }
            }, "submitter-" + s));
        }
        submitters.forEach(Thread::start);
        for (Thread submitter : submitters) {
            submitter.join();
        }
        pool.shutdown();
        forkJoin.shutdown();
        System.out.println("decisions " + decisions.get() + " wrong " + wrong.get());
    }
}
