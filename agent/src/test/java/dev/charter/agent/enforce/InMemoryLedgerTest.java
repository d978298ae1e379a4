package dev.charter.agent.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.policy.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Window BUDGET = new Window(new BigDecimal("2000"), Duration.ofDays(1), "2000/1d");
    private static final Window RATE = new Window(BigDecimal.TEN, Duration.ofMinutes(1), "10/1m");

    private final InMemoryLedger ledger = new InMemoryLedger();

    private static final Ledger.Charge BOT = new Ledger.Charge("bot budget", "budget", BUDGET, "c.yaml:9");

    /** Commits {@code amount} to every charge at {@code at}: whole amounts unboxed, the others exact. */
    static Ledger.Refusal commit(Ledger ledger, String amount, Instant at, Ledger.LeaseRequest lease,
            Ledger.Charge... charges) {
        BigDecimal exact = new BigDecimal(amount);
        Ledger.Counter[] counters = new Ledger.Counter[charges.length];
        for (int i = 0; i < charges.length; i++) {
            counters[i] = ledger.counter(charges[i]);
        }
        boolean whole = exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0;
        return ledger.commit(counters, whole ? exact.longValueExact() : Ledger.NO_AMOUNT, whole ? null : exact, lease,
                at.toEpochMilli());
    }

    private Ledger.Refusal spend(String amount, Instant at) {
        return commit(ledger, amount, at, null, BOT);
    }

    private Ledger.Refusal lease(Ledger.LeaseRequest lease, Instant at) {
        return commit(ledger, "0", at, lease);
    }

    @Test
    void budget_exactlyAtTheLimit_isAllowed_oneOverIsNot() {
        assertNull(spend("1950", T0));
        assertNull(spend("50", T0));
        Ledger.Refusal refused = spend("0.01", T0);
        assertEquals(new Ledger.Refusal("budget 2000/1d exhausted: 2000 spent, 0.01 asked", "c.yaml:9",
                "0 of 2000 left until 2026-11-24T00:00:00Z"), refused);
    }

    @Test
    void refusedCharge_consumesNothing() {
        assertNull(spend("1950", T0));
        Ledger.Refusal refused = spend("120", T0);
        assertEquals("budget 2000/1d exhausted: 1950 spent, 120 asked", refused.reason());
        assertEquals("50 of 2000 left until 2026-11-24T00:00:00Z", refused.allowed());
        assertNull(spend("50", T0), "the refused 120 took nothing");
    }

    @Test
    void budget_rollsOverAtTheNextWindow() {
        assertNull(spend("2000", T0));
        assertTrue(spend("1", Instant.parse("2026-11-23T23:59:59.999Z")) != null);
        assertNull(spend("2000", Instant.parse("2026-11-24T00:00:00Z")));
    }

    @Test
    void chargesAlongTheChain_areAllOrNothing() {
        Ledger.Charge principal = new Ledger.Charge("alice budget", "budget",
                new Window(new BigDecimal("100"), Duration.ofDays(1), "100/1d"), "c.yaml:5");
        assertNull(commit(ledger, "80", T0, null, BOT, principal));
        Ledger.Refusal refused = commit(ledger, "30", T0, null, BOT, principal);
        assertEquals("c.yaml:5", refused.rule());
        assertNull(spend("1920", T0), "the delegate's own budget was not charged the 30");
    }

    @Test
    void rate_countsCallsPerWindow() {
        Ledger.Charge call = new Ledger.Charge("bot rate", "rate", RATE, "c.yaml:9");
        for (int i = 0; i < 10; i++) {
            assertNull(commit(ledger, "0", T0.plusSeconds(i), null, call));
        }
        Ledger.Refusal refused = commit(ledger, "0", T0.plusSeconds(59), null, call);
        assertEquals("rate 10/1m reached: 10 calls in this window", refused.reason());
        assertEquals("calls again from 2026-11-23T10:01:00Z", refused.allowed());
        assertNull(commit(ledger, "0", T0.plusSeconds(60), null, call));
    }

    @Test
    void amountFinerThanTheCounterKeeps_isRefused_neverRounded() {
        Ledger.Charge huge = new Ledger.Charge("huge budget", "budget",
                new Window(new BigDecimal("1000000000000000"), Duration.ofDays(1), "1000000000000000/1d"), "c.yaml:7");
        assertNull(commit(ledger, "0.001", T0, null, huge));
        Ledger.Refusal refused = commit(ledger, "0.0001", T0, null, huge);
        assertEquals(new Ledger.Refusal("spend 0.0001 is finer than budget 1000000000000000/1d counts (3 decimals)",
                "c.yaml:7", "amounts to 3 decimals"), refused);
        assertNull(commit(ledger, "999999999999999.999", T0, null, huge), "exactly up to the limit");
        assertEquals("budget 1000000000000000/1d exhausted: 1000000000000000 spent, 0.001 asked",
                commit(ledger, "0.001", T0, null, huge).reason());
    }

    @Test
    void limitBeyondWhatALongCounts_isCountedExactly() {
        Ledger.Charge fine = new Ledger.Charge("fine budget", "budget",
                new Window(new BigDecimal("123456789.123456789123456789"), Duration.ofDays(1), "f/1d"), "c.yaml:8");
        assertNull(commit(ledger, "123456789", T0, null, fine));
        assertNull(commit(ledger, "0.123456789123456789", T0, null, fine));
        assertEquals("budget f/1d exhausted: 123456789.123456789123456789 spent, 0.000000000000000001 asked",
                commit(ledger, "0.000000000000000001", T0, null, fine).reason());
        assertNull(commit(ledger, "1", T0.plus(Duration.ofDays(1)), null, fine), "a new window");
    }

    @Test
    void wholeAmountBeyondALong_isOverTheLimit() {
        Ledger.Counter[] counters = {ledger.counter(BOT)};
        Ledger.Refusal refused = ledger.commit(counters, Long.MAX_VALUE, null, null, T0.toEpochMilli());
        assertEquals("budget 2000/1d exhausted: 0 spent, 9223372036854775807 asked", refused.reason());
        assertNull(spend("2000", T0), "nothing was counted");
    }

    @Test
    void lease_isHeldUntilLeaseAfterTheLastAction_andPassesAlongItsLine() {
        Ledger.LeaseRequest pricing = lease("agent:pricing-bot", Set.of("agent:pricing-bot"));
        Ledger.LeaseRequest promo = lease("agent:promo-bot", Set.of("agent:promo-bot", "user:bob"));
        Ledger.LeaseRequest pricingDelegate = lease("agent:pricing-helper", Set.of("agent:pricing-helper", "agent:pricing-bot"));
        assertNull(lease(pricing, T0));
        assertNull(lease(pricing, T0.plusSeconds(20)), "the holder acts again: extended to 50s");
        assertNull(lease(pricingDelegate, T0.plusSeconds(25)), "a delegate of the holder takes it over");
        assertEquals(new Ledger.Refusal("held by agent:pricing-helper until 2026-11-23T10:00:55Z", "c.yaml:30",
                "free from 2026-11-23T10:00:55Z"),
                lease(promo, T0.plusSeconds(54)));
        assertNull(lease(promo, T0.plusSeconds(55)));
        assertTrue(lease(pricing, T0.plusSeconds(56)).reason().startsWith("held by agent:promo-bot"));
    }

    @Test
    void lease_afterThePrincipalTouchedIt_admitsOneDelegate_andExcludesItsSibling() {
        Ledger.LeaseRequest lead = lease("user:ops-lead", Set.of("user:ops-lead"));
        Ledger.LeaseRequest pricing = lease("agent:pricing-bot", Set.of("agent:pricing-bot", "user:ops-lead"));
        Ledger.LeaseRequest promo = lease("agent:promo-bot", Set.of("agent:promo-bot", "user:ops-lead"));
        assertNull(lease(lead, T0));
        assertNull(lease(pricing, T0.plusSeconds(1)), "a delegate of the holder");
        assertEquals(new Ledger.Refusal("held by agent:pricing-bot until 2026-11-23T10:00:31Z", "c.yaml:30",
                "free from 2026-11-23T10:00:31Z"),
                lease(promo, T0.plusSeconds(2)), "a sibling of the delegate that acted last");
        assertNull(lease(lead, T0.plusSeconds(3)), "the principal of the holder");
        assertNull(lease(promo, T0.plusSeconds(4)), "now a delegate of the holder");
        assertTrue(lease(pricing, T0.plusSeconds(5)).reason().startsWith("held by agent:promo-bot"));
    }

    @Test
    void budgetRace_twoThreads_neverOverspend_andUseItAll() throws InterruptedException {
        AtomicLong allowed = new AtomicLong();
        Runnable spender = () -> {
            for (int i = 0; i < 5_000; i++) {
                if (spend("1", T0) == null) {
                    allowed.incrementAndGet();
                }
            }
        };
        Thread first = new Thread(spender);
        Thread second = new Thread(spender);
        first.start();
        second.start();
        first.join();
        second.join();
        assertEquals(2_000, allowed.get(), "demand of 10000 against a limit of 2000");
    }

    @Test
    void leaseRace_neverTwoHoldersAtOnce() throws InterruptedException {
        int resources = 5_000;
        java.util.concurrent.ConcurrentHashMap<String, String> holders = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong wins = new AtomicLong();
        List<Thread> racers = new ArrayList<>();
        for (String identity : List.of("agent:a", "agent:b")) {
            racers.add(new Thread(() -> {
                for (int i = 0; i < resources; i++) {
                    Ledger.LeaseRequest request = new Ledger.LeaseRequest("c.yaml:30 sku/" + i, identity, Set.of(identity),
                            Duration.ofSeconds(30), "c.yaml:30");
                    if (lease(request, T0) == null) {
                        wins.incrementAndGet();
                        holders.merge("sku/" + i, identity, (was, now) -> was + "," + now);
                    }
                }
            }));
        }
        racers.forEach(Thread::start);
        for (Thread racer : racers) {
            racer.join();
        }
        assertEquals(resources, wins.get(), "each resource taken exactly once");
        assertTrue(holders.values().stream().noneMatch(holder -> holder.contains(",")));
    }

    private static Ledger.LeaseRequest lease(String holder, Set<String> family) {
        return new Ledger.LeaseRequest("c.yaml:30 sku/mug", holder, family, Duration.ofSeconds(30), "c.yaml:30");
    }
}
