package dev.charter.agent.enforce;

import static dev.charter.agent.enforce.Thrown.thrown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Gate;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Budgets and rates on the memory ledger decided by real threads racing through the enforcer: exactly
 * the limit allowed, never more, along a chain of three; and an allowed call allocates nothing.
 */
class LimitsUnderContentionTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "pay:*"
                    budget: { limit: 1000, per: 1d }
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "pay:*"
                    budget: { limit: 5000, per: 1d }
              agent:helper:
                on-behalf-of: agent:bot
                grants:
                  - scope: "pay:refund"
                    budget: { limit: 700, per: 1d }
              agent:caller:
                grants:
                  - scope: "pay:refund"
                    rate: { calls: 3000, per: 1d }
              agent:saver:
                grants:
                  - scope: "pay:refund"
                    budget: { limit: 1, per: 1d }
              agent:spender:
                grants:
                  - scope: "pay:refund"
                    budget: { limit: 1000000000000000, per: 1d }
                    rate: { calls: 1000000000000000, per: 1d }
            """;
    private static final int THREADS = 8;

    private final Actions actions = new Actions();
    private final ActionSite refund = actions.register("pay:refund", "Desk#refund(long)", false, true);

    private PolicyEnforcer enforcer(Clock clock) throws Exception {
        return new PolicyEnforcer(Policy.parse(POLICY, "c.yaml"), Mode.ENFORCE, false, actions, new RecordingLog(),
                clock, new InMemoryLedger(), Duration.ofSeconds(5));
    }

    @Test
    void budgetAlongAChainOfThree_eightThreads_allowExactlyThePrincipalsLimit() throws Exception {
        PolicyEnforcer enforcer = enforcer(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
        AtomicLong byHelper = new AtomicLong();
        AtomicLong byBot = new AtomicLong();
        // half the threads spend as the helper, half as its principal bot; both count against alice's 1000
        race(index -> {
            String identity = index % 2 == 0 ? "agent:helper" : "agent:bot";
            long allowed = calls(enforcer, identity, 4, 2_000);
            (index % 2 == 0 ? byHelper : byBot).addAndGet(allowed);
            return true;
        });
        assertEquals(1000, byHelper.get() + byBot.get(), "32000 asked, 4 a call, of alice's 1000");
        assertTrue(byHelper.get() <= 700, byHelper + " spent by the helper, whose own limit is 700");
    }

    @Test
    void rate_eightThreads_allowExactlyTheLimit() throws Exception {
        PolicyEnforcer enforcer = enforcer(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
        AtomicLong calls = new AtomicLong();
        race(index -> calls.addAndGet(calls(enforcer, "agent:caller", 0, 1_000)) >= 0);
        assertEquals(3000, calls.get(), "8000 calls asked of a rate of 3000");
    }

    @Test
    void fractionalAmounts_areCountedExactly_notInBinary() throws Exception {
        PolicyEnforcer enforcer = enforcer(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
        Gate.Row saver = enforcer.row("agent:saver");
        for (int i = 0; i < 10; i++) {
            thrown(enforcer.decide(saver, refund.id(), null, 0.1)); // ten times 0.1 is 1, where ten binary 0.1s are not
        }
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(saver, refund.id(), null, 0.1f)));
        assertEquals("budget 1/1d exhausted: 1 spent, 0.10000000149011612 asked", refused.getReason());
    }

    @Test
    void allowedCallOfABudgetAndARate_allocatesNothing() throws Exception {
        PolicyEnforcer enforcer = enforcer(Clock.systemUTC());
        Gate.Row spender = enforcer.row("agent:spender");
        for (int i = 0; i < 100_000; i++) {
            thrown(enforcer.decide(spender, refund.id(), null, 4_200L)); // warm up
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            thrown(enforcer.decide(spender, refund.id(), null, 4_200L)); // beyond the boxes the JDK caches
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000, allocated + " bytes over 100000 allowed calls of a budget and a rate");
    }

    /** Calls {@code times} times as {@code identity}, spending {@code amount}: what was spent (or, spending 0, called). */
    private long calls(PolicyEnforcer enforcer, String identity, long amount, int times) {
        Gate.Row row = enforcer.row(identity);
        long allowed = 0;
        for (int i = 0; i < times; i++) {
            try {
                thrown(enforcer.decide(row, refund.id(), null, amount));
                allowed += amount == 0 ? 1 : amount;
            } catch (ScopeViolation refused) {
                // the limit is reached: counted as refused
            }
        }
        return allowed;
    }

    /** Runs {@code body} on {@link #THREADS} threads started together, failing if one of them fails. */
    private static void race(IntPredicate body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    body.test(index);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }
}
