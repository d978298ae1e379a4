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

    private static Ledger.Charge spend(String amount) {
        return new Ledger.Charge("bot budget", "budget", BUDGET, new BigDecimal(amount), "c.yaml:9");
    }

    @Test
    void budget_exactlyAtTheLimit_isAllowed_oneOverIsNot() {
        assertNull(ledger.commit(List.of(spend("1950")), null, T0));
        assertNull(ledger.commit(List.of(spend("50")), null, T0));
        Ledger.Refusal refused = ledger.commit(List.of(spend("0.01")), null, T0);
        assertEquals(new Ledger.Refusal("budget 2000/1d exhausted: 2000 spent, 0.01 asked", "c.yaml:9",
                "0 of 2000 left until 2026-11-24T00:00:00Z"), refused);
    }

    @Test
    void refusedCharge_consumesNothing() {
        assertNull(ledger.commit(List.of(spend("1950")), null, T0));
        Ledger.Refusal refused = ledger.commit(List.of(spend("120")), null, T0);
        assertEquals("budget 2000/1d exhausted: 1950 spent, 120 asked", refused.reason());
        assertEquals("50 of 2000 left until 2026-11-24T00:00:00Z", refused.allowed());
        assertNull(ledger.commit(List.of(spend("50")), null, T0), "the refused 120 took nothing");
    }

    @Test
    void budget_rollsOverAtTheNextWindow() {
        assertNull(ledger.commit(List.of(spend("2000")), null, T0));
        assertTrue(ledger.commit(List.of(spend("1")), null, Instant.parse("2026-11-23T23:59:59.999Z")) != null);
        assertNull(ledger.commit(List.of(spend("2000")), null, Instant.parse("2026-11-24T00:00:00Z")));
    }

    @Test
    void chargesAlongTheChain_areAllOrNothing() {
        Ledger.Charge principal = new Ledger.Charge("alice budget", "budget",
                new Window(new BigDecimal("100"), Duration.ofDays(1), "100/1d"), new BigDecimal("80"), "c.yaml:5");
        assertNull(ledger.commit(List.of(spend("80"), principal), null, T0));
        Ledger.Charge more = new Ledger.Charge(principal.counter(), principal.kind(), principal.window(),
                new BigDecimal("30"), principal.rule());
        Ledger.Refusal refused = ledger.commit(List.of(spend("30"), more), null, T0);
        assertEquals("c.yaml:5", refused.rule());
        assertNull(ledger.commit(List.of(spend("1920")), null, T0), "the delegate's own budget was not charged the 30");
    }

    @Test
    void rate_countsCallsPerWindow() {
        Ledger.Charge call = new Ledger.Charge("bot rate", "rate", RATE, BigDecimal.ONE, "c.yaml:9");
        for (int i = 0; i < 10; i++) {
            assertNull(ledger.commit(List.of(call), null, T0.plusSeconds(i)));
        }
        Ledger.Refusal refused = ledger.commit(List.of(call), null, T0.plusSeconds(59));
        assertEquals("rate 10/1m reached: 10 calls in this window", refused.reason());
        assertEquals("calls again from 2026-11-23T10:01:00Z", refused.allowed());
        assertNull(ledger.commit(List.of(call), null, T0.plusSeconds(60)));
    }

    @Test
    void lease_isHeldUntilLeaseAfterTheLastAction_andPassesAlongItsLine() {
        Ledger.LeaseRequest pricing = lease("agent:pricing-bot", Set.of("agent:pricing-bot"));
        Ledger.LeaseRequest promo = lease("agent:promo-bot", Set.of("agent:promo-bot", "user:bob"));
        Ledger.LeaseRequest pricingDelegate = lease("agent:pricing-helper", Set.of("agent:pricing-helper", "agent:pricing-bot"));
        assertNull(ledger.commit(List.of(), pricing, T0));
        assertNull(ledger.commit(List.of(), pricing, T0.plusSeconds(20)), "the holder acts again: extended to 50s");
        assertNull(ledger.commit(List.of(), pricingDelegate, T0.plusSeconds(25)), "a delegate of the holder takes it over");
        assertEquals(new Ledger.Refusal("held by agent:pricing-helper until 2026-11-23T10:00:55Z", "c.yaml:30",
                "free from 2026-11-23T10:00:55Z"),
                ledger.commit(List.of(), promo, T0.plusSeconds(54)));
        assertNull(ledger.commit(List.of(), promo, T0.plusSeconds(55)));
        assertTrue(ledger.commit(List.of(), pricing, T0.plusSeconds(56)).reason().startsWith("held by agent:promo-bot"));
    }

    @Test
    void lease_afterThePrincipalTouchedIt_admitsOneDelegate_andExcludesItsSibling() {
        Ledger.LeaseRequest lead = lease("user:ops-lead", Set.of("user:ops-lead"));
        Ledger.LeaseRequest pricing = lease("agent:pricing-bot", Set.of("agent:pricing-bot", "user:ops-lead"));
        Ledger.LeaseRequest promo = lease("agent:promo-bot", Set.of("agent:promo-bot", "user:ops-lead"));
        assertNull(ledger.commit(List.of(), lead, T0));
        assertNull(ledger.commit(List.of(), pricing, T0.plusSeconds(1)), "a delegate of the holder");
        assertEquals(new Ledger.Refusal("held by agent:pricing-bot until 2026-11-23T10:00:31Z", "c.yaml:30",
                "free from 2026-11-23T10:00:31Z"),
                ledger.commit(List.of(), promo, T0.plusSeconds(2)), "a sibling of the delegate that acted last");
        assertNull(ledger.commit(List.of(), lead, T0.plusSeconds(3)), "the principal of the holder");
        assertNull(ledger.commit(List.of(), promo, T0.plusSeconds(4)), "now a delegate of the holder");
        assertTrue(ledger.commit(List.of(), pricing, T0.plusSeconds(5)).reason().startsWith("held by agent:promo-bot"));
    }

    @Test
    void budgetRace_twoThreads_neverOverspend_andUseItAll() throws InterruptedException {
        AtomicLong allowed = new AtomicLong();
        Runnable spender = () -> {
            for (int i = 0; i < 5_000; i++) {
                if (ledger.commit(List.of(spend("1")), null, T0) == null) {
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
                    if (ledger.commit(List.of(), request, T0) == null) {
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
