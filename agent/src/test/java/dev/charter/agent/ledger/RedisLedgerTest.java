package dev.charter.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.Ledger;
import dev.charter.agent.enforce.Revocations;
import dev.charter.agent.policy.Window;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Redis ledger against a real redis-server: the same answers as the memory ledger, on the server. */
class RedisLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Window BUDGET = new Window(new BigDecimal("2000"), Duration.ofDays(1), "2000/1d");
    private static final Window PRINCIPAL = new Window(new BigDecimal("100"), Duration.ofDays(1), "100/1d");
    private static final Window RATE = new Window(BigDecimal.TEN, Duration.ofMinutes(1), "10/1m");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static LocalRedis redis;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static String namespace() {
        return "t" + NAMESPACES.incrementAndGet();
    }

    private static Ledger redisLedger() {
        return RedisLedger.open(redis.address, namespace(), Duration.ofSeconds(2)).ledger();
    }

    /** A budget charge and the amount asked of it. */
    private record Asked(Ledger.Charge charge, String amount) {
    }

    private static Asked charge(String counter, Window window, String amount, String rule) {
        return new Asked(new Ledger.Charge(counter, "budget", window, rule), amount);
    }

    /** Asks {@code ledger} to check or commit the charges (all asking one amount) and the lease, at {@code at}. */
    private static Ledger.Refusal ask(Ledger ledger, boolean commit, List<Asked> charges, Ledger.LeaseRequest lease,
            Instant at) {
        Ledger.Counter[] counters = charges.stream().map(asked -> ledger.counter(asked.charge())).toArray(Ledger.Counter[]::new);
        BigDecimal exact = charges.isEmpty() ? BigDecimal.ZERO : new BigDecimal(charges.get(0).amount());
        boolean whole = exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0;
        long amount = whole ? exact.longValueExact() : Ledger.NO_AMOUNT;
        return commit ? ledger.commit(counters, amount, whole ? null : exact, lease, at.toEpochMilli())
                : ledger.check(counters, amount, whole ? null : exact, lease, at.toEpochMilli());
    }

    /** One sequence of charges, answered alike by both ledgers: limits, refusal texts, all or nothing, windows. */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void bothLedgers_answerASequenceAlike(String kind) {
        Ledger ledger = kind.equals("memory") ? new InMemoryLedger() : redisLedger();
        Function<String, Asked> bot = amount -> charge("bot budget", BUDGET, amount, "c.yaml:9");
        Function<String, Asked> alice = amount -> charge("alice budget", PRINCIPAL, amount, "c.yaml:5");
        List<String> answers = new ArrayList<>();
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("80"), alice.apply("80")), null, T0)));
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("30"), alice.apply("30")), null, T0)));
        answers.add(String.valueOf(ask(ledger, false, List.of(bot.apply("20"), alice.apply("20")), null, T0)));
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("20"), alice.apply("20")), null, T0)));
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("0.000001")), null, T0)));
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("1899.999999")), null, T0)));
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("0.01")), null, T0)));
        answers.add(String.valueOf(ask(ledger, true, List.of(bot.apply("2000")), null, T0.plus(Duration.ofDays(1)))));
        Asked call = new Asked(new Ledger.Charge("bot rate", "rate", RATE, "c.yaml:10"), "0");
        for (int i = 0; i < 11; i++) {
            answers.add(String.valueOf(ask(ledger, true, List.of(call), null, T0.plusSeconds(i))));
        }
        answers.add(String.valueOf(ask(ledger, true, List.of(call), null, T0.plusSeconds(60))));
        assertEquals(List.of("null",
                "Refusal[reason=budget 100/1d exhausted: 80 spent, 30 asked, rule=c.yaml:5, allowed=20 of 100 left until 2026-11-24T00:00:00Z]",
                "null",
                "null",
                "null",
                "null",
                "Refusal[reason=budget 2000/1d exhausted: 2000 spent, 0.01 asked, rule=c.yaml:9, allowed=0 of 2000 left until 2026-11-24T00:00:00Z]",
                "null",
                "null", "null", "null", "null", "null", "null", "null", "null", "null", "null",
                "Refusal[reason=rate 10/1m reached: 10 calls in this window, rule=c.yaml:10, allowed=calls again from 2026-11-23T10:01:00Z]",
                "null"), answers);
    }

    @Test
    void lease_isSharedAlongTheDelegationLine_passesToWhoActedLast_andRefusesOthersNamingTheHolder() {
        Ledger ledger = redisLedger();
        Ledger.LeaseRequest pricing = lease("agent:pricing-bot", Set.of("agent:pricing-bot", "user:bob"));
        Ledger.LeaseRequest principal = lease("user:bob", Set.of("user:bob"));
        Ledger.LeaseRequest promo = lease("agent:promo-bot", Set.of("agent:promo-bot", "user:bob"));
        Ledger.LeaseRequest stranger = lease("agent:stranger", Set.of("agent:stranger"));
        assertNull(ask(ledger, true, List.of(), pricing, Instant.now()));
        Ledger.Refusal refused = ask(ledger, true, List.of(), stranger, Instant.now());
        assertTrue(refused.reason().startsWith("held by agent:pricing-bot until "), refused::toString);
        assertEquals("c.yaml:20", refused.rule());
        assertTrue(ask(ledger, true, List.of(), promo, Instant.now()).reason().startsWith("held by agent:pricing-bot"),
                "a sibling delegate of the holder is another line");
        assertNull(ask(ledger, true, List.of(), principal, Instant.now()), "a principal of the holder shares its lease");
        assertNull(ask(ledger, true, List.of(), promo, Instant.now()), "which passed to the principal, whose delegate may act");
        assertTrue(ask(ledger, true, List.of(), pricing, Instant.now()).reason().startsWith("held by agent:promo-bot"),
                "and passed on to that delegate, keeping its sibling out");
    }

    private static Ledger.LeaseRequest lease(String holder, Set<String> family) {
        return new Ledger.LeaseRequest("catalog:* sku/1", holder, family, Duration.ofMinutes(1), "c.yaml:20");
    }

    @Test
    void theScript_chargesAnIdOnce_andNeverAfterItsDeadline() throws Exception {
        String script;
        try (InputStream in = RedisLedger.class.getResourceAsStream("charge.lua")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long later = System.currentTimeMillis() + 60_000;
        List<String> keys = List.of("s:id:1", "s:c:x:0");
        List<String> charge = List.of(Long.toString(later), "commit", "1", "5", "100", "60000");
        assertEquals(List.of("ok"), redis.client.eval(script, keys, charge));
        assertEquals(List.of("done"), redis.client.eval(script, keys, charge), "a retry with the same id");
        assertEquals("5", redis.client.get("s:c:x:0"), "charged once");
        List<String> late = List.of(Long.toString(System.currentTimeMillis() - 1), "commit", "1", "5", "100", "60000");
        assertEquals(List.of("late"), redis.client.eval(script, List.of("s:id:2", "s:c:x:0"), late));
        assertEquals("5", redis.client.get("s:c:x:0"), "a charge past its deadline is never applied");
    }

    @Test
    void anUnreachableServer_refusesTheCall_namingTheCause() throws IOException {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        Ledgers.Opened opened = RedisLedger.open(RedisAddress.parse("redis://user:secret@127.0.0.1:" + closed), "x",
                Duration.ofMillis(300));
        Ledger.Refusal refused = ask(opened.ledger(), true, List.of(charge("bot budget", BUDGET, "1", "c.yaml:9")), null, T0);
        assertEquals(new Ledger.Refusal("ledger unavailable: cannot connect to redis://127.0.0.1:" + closed
                + " (Connection refused)", "c.yaml:9", ""), refused);
        assertTrue(opened.problem().startsWith("cannot connect to redis://127.0.0.1:" + closed), opened.problem());
        assertTrue(!opened.revocations().read(), "never read: nobody can be trusted");
    }

    @Test
    void revocations_areReadFromTheLedger_andDropWhenTheyEnd() {
        String namespace = namespace();
        Ledgers.Opened opened = RedisLedger.open(redis.address, namespace, Duration.ofSeconds(2));
        Revocations revocations = opened.revocations();
        assertTrue(revocations.read());
        RevocationStore.revoke(redis.client, namespace, "agent:x", null, "runaway\nspend");
        RevocationStore.revoke(redis.client, namespace, "agent:y", Instant.now().minusSeconds(1), "over");
        Map<String, Revocations.Revocation> read = RevocationStore.read(redis.client, namespace);
        assertEquals(Map.of("agent:x", new Revocations.Revocation("agent:x", null, "runaway spend")), read);
    }
}
