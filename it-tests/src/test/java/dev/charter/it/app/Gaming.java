package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.Governor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Tries to game spends, counters, leases and governance under {@code it/gaming.yaml}, at the path
 * {@code args[0]}, which it replaces by {@code args[1]} (the same grants, moved and reordered) to
 * reload. Prints {@code <name> <outcome>} lines.
 */
public final class Gaming {

    private static final Spending SPENDING = new Spending();
    private static final Catalog CATALOG = new Catalog();

    private Gaming() {
    }

    public static void main(String[] args) throws Exception {
        spends();
        counters(Path.of(args[0]), Path.of(args[1]));
        leases();
        recursiveGovernor();
        stuckGovernor();
    }

    private static void spends() {
        print("spend-negative", "agent:refund-bot", () -> SPENDING.inLong("order/1", -500_000));
        print("spend-nan", "agent:refund-bot", () -> SPENDING.inDouble("order/1", Double.NaN));
        print("spend-infinite", "agent:refund-bot", () -> SPENDING.inDouble("order/1", Double.POSITIVE_INFINITY));
        print("spend-null", "agent:refund-bot", () -> SPENDING.inBoxed("order/1", null));
        print("spend-text", "agent:refund-bot", () -> SPENDING.inText("order/1", "5"));
        print("spend-text-without-limits", "user:ops-lead", () -> SPENDING.inText("order/1", "5"));
        // each after an allowed call under the same binding, which the gate's fast path then knows
        print("spend-negative-without-limits", "user:ops-lead",
                () -> SPENDING.inLong("order/1", 5) + SPENDING.inLong("order/1", -5));
        print("spend-nan-without-limits", "user:ops-lead",
                () -> SPENDING.inDouble("order/1", 5) + SPENDING.inDouble("order/1", Double.NaN));
        print("spend-negative-decimal-without-limits", "user:ops-lead",
                () -> SPENDING.inDecimal("order/1", BigDecimal.ONE) + SPENDING.inDecimal("order/1", new BigDecimal("-0.01")));
        print("spend-within-limits-without-limits", "user:ops-lead", () -> SPENDING.inLong("order/1", 5));
        print("spend-big-integer-beyond-long", "agent:refund-bot",
                () -> SPENDING.inNumber("order/1", BigInteger.ONE.shiftLeft(70)));
        print("spend-fraction", "agent:refund-bot", () -> SPENDING.inDecimal("order/1", new BigDecimal("0.5")));
        print("spend-rest-of-budget", "agent:refund-bot", () -> SPENDING.inDouble("order/1", 999.5));
        print("spend-one-more", "agent:refund-bot", () -> SPENDING.inLong("order/1", 1));
    }

    /** A valid reload that moves every grant and reorders its keys keeps every counter. */
    private static void counters(Path policy, Path moved) throws Exception {
        Files.copy(moved, policy.resolveSibling("next.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(policy.resolveSibling("next.yaml"), policy, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        long until = System.nanoTime() + 60_000_000_000L;
        while (!Outcome.of(() -> Charter.callAs("agent:marker", () -> null)).equals("ALLOWED")) {
            if (System.nanoTime() > until) {
                System.out.println("counter-reloaded false");
                return;
            }
            Thread.onSpinWait();
        }
        System.out.println("counter-reloaded true");
        // the refund-bot spent its whole 1000 before the reload
        print("counter-after-reload", "agent:refund-bot", () -> SPENDING.inLong("order/2", 1));
    }

    private static void leases() {
        print("lease-principal-touches", "user:ops-lead", () -> CATALOG.setPrice("sku/2", BigDecimal.TEN));
        print("lease-first-delegate", "agent:pricing-bot", () -> CATALOG.setPrice("sku/2", BigDecimal.ONE));
        print("lease-sibling-delegate", "agent:promo-bot", () -> CATALOG.setPrice("sku/2", BigDecimal.ONE));
        print("lease-principal-again", "user:ops-lead", () -> CATALOG.setPrice("sku/2", BigDecimal.TEN));
        print("lease-session-of-holder", "user:ops-lead", () -> Charter.callAs(
                Charter.session("tidy", java.time.Duration.ofMinutes(1), "catalog:*"),
                () -> CATALOG.setPrice("sku/2", BigDecimal.TEN)));
    }

    /** A governor that calls a deferred action itself: refused at once, no thread started. */
    private static void recursiveGovernor() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> inner = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Charter.governor(deferral -> {
            seen.add(Charter.current().orElse("unbound") + " on " + Thread.currentThread().getName());
            inner.add(Outcome.of(() -> Charter.callAs("user:ops-lead", () -> SPENDING.capture("order/inner"))));
            return Governor.Verdict.approve("approved after looking again");
        });
        long started = threads.getTotalStartedThreadCount();
        print("recursive-governor-outer", "user:ops-lead", () -> SPENDING.capture("order/outer"));
        System.out.println("recursive-governor-inner " + String.join(" | ", inner));
        System.out.println("governor-runs " + String.join(" | ", seen));
        System.out.println("recursive-governor-threads-started " + (threads.getTotalStartedThreadCount() - started));
    }

    /** A governor that never answers, and 1,000 deferrals from 50 threads: threads stay bounded, all refused. */
    private static void stuckGovernor() throws Exception {
        Charter.governor(deferral -> {
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // a stuck governor ignores being interrupted, too
                }
            }
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int callers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String order = "order/" + i;
            outcomes.add(pool.submit(() -> Outcome.of(() -> Charter.callAs("user:ops-lead",
                    () -> SPENDING.capture(order)))));
        }
        int refused = 0;
        for (Future<String> outcome : outcomes) {
            refused += outcome.get().startsWith("DENIED") ? 1 : 0;
        }
        pool.shutdown();
        System.out.println("stuck-governor-refused " + refused);
        System.out.println("stuck-governor-threads-beyond-callers " + (threads.getPeakThreadCount() - before - callers));
    }

    private static void print(String name, String identity, Callable<?> action) {
        System.out.println(name + " " + Outcome.of(() -> Charter.callAs(identity, action)));
    }
}
