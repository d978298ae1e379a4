package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Fleet;
import dev.charter.it.app.passport.PassportDesk;
import dev.charter.it.app.passport.PassportMint;
import dev.charter.it.support.Passports;
import dev.charter.it.support.Jvm;
import dev.charter.it.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet ledger: JVMs sharing budgets, rates, leases and revocations through real redis-server processes. */
class FleetIT {

    private static final Path POLICY = Jvm.resource("it/fleet.yaml");
    private static final Path RELAID = Jvm.resource("it/fleet-relaid.yaml");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    /** A fresh namespace: every test has counters of its own on the shared server. */
    private static String namespace() {
        return "it" + NAMESPACES.incrementAndGet() + "-" + System.nanoTime();
    }

    /** A JVM on the ledger; unless {@code more} says otherwise, with a timeout that a loaded machine meets. */
    private static Jvm.Running replica(RedisServer server, String namespace, Path policy, String more) throws Exception {
        return Jvm.fork().withCharter("policy=" + policy + ",ledger=" + server.url() + ",ledger-namespace=" + namespace
                + (more.contains("ledger-timeout=") ? "" : ",ledger-timeout=5s") + more).start(Fleet.class);
    }

    @Test
    void twoJvmsOfTwoThreads_spendExactlyTheBudget_andTheRate_andNeverHoldOneLeaseTwice() throws Exception {
        String namespace = namespace();
        try (Jvm.Running one = replica(redis, namespace, POLICY, ""); Jvm.Running two = replica(redis, namespace, POLICY, "")) {
            List<String> buys = both(() -> one.ask("burst agent:buyer buy item 1 2 80"),
                    () -> two.ask("burst agent:buyer buy item 1 2 80"));
            assertEquals(100, allowed(buys), buys::toString);
            assertEquals(320 - 100, denied(buys), buys::toString);
            assertTrue(buys.stream().allMatch(b -> b.endsWith(" budget")), buys::toString);

            List<String> pings = both(() -> one.ask("burst agent:buyer ping host 0 2 40"),
                    () -> two.ask("burst agent:buyer ping host 0 2 40"));
            assertEquals(50, allowed(pings), pings::toString);
            assertTrue(pings.stream().allMatch(p -> p.endsWith(" rate")), pings::toString);

            List<String> prices = both(() -> one.ask("burst agent:pricer-a price sku/1 0 2 20"),
                    () -> two.ask("burst agent:pricer-b price sku/1 0 2 20"));
            assertEquals(40, allowed(prices), prices::toString);
            assertTrue(prices.contains("40 0 ") && prices.stream().anyMatch(p -> p.startsWith("0 40 held by agent:pricer-")),
                    prices::toString);
        }
    }

    @Test
    void aDelegatesSpendInOneJvm_countsAgainstItsPrincipalInAnother() throws Exception {
        String namespace = namespace();
        try (Jvm.Running one = replica(redis, namespace, POLICY, ""); Jvm.Running two = replica(redis, namespace, POLICY, "")) {
            assertEquals("ALLOWED", one.ask("call agent:buyer buy item 60"));
            String refused = two.ask("call user:ops buy item 50");
            assertTrue(refused.startsWith("DENIED user:ops may not fleet:buy on \"item\": budget 100/365d exhausted: 60 spent,"
                    + " 50 asked (" + POLICY + ":5); allowed: 40 of 100 left until "), refused);
            assertEquals("ALLOWED", two.ask("call user:ops buy item 40"));
        }
    }

    @Test
    void twoLayoutsOfOnePolicy_shareTheirCounters_andLeases() throws Exception {
        String namespace = namespace();
        try (Jvm.Running one = replica(redis, namespace, POLICY, ""); Jvm.Running two = replica(redis, namespace, RELAID, "")) {
            assertEquals("ALLOWED", one.ask("call agent:buyer buy item 60"));
            assertTrue(two.ask("call agent:buyer buy item 50").contains("budget 100/365d exhausted: 60 spent, 50 asked"));
            assertEquals("ALLOWED", two.ask("call agent:buyer buy item 40"));
            assertTrue(one.ask("call agent:buyer buy item 1").contains("exhausted: 100 spent, 1 asked"));
            assertEquals("ALLOWED", one.ask("call agent:pricer-a price sku/9 0"));
            assertTrue(two.ask("call agent:pricer-b price sku/9 0").contains(": held by agent:pricer-a until "));
        }
    }

    @Test
    void redisKilled_refusesLimitedCalls_letsTheOthersGoOn_andRecoversAlone() throws Exception {
        try (RedisServer own = RedisServer.start(); Jvm.Running app = replica(own, namespace(), POLICY, "")) {
            assertEquals("ALLOWED", app.ask("call agent:buyer buy item 1"));
            own.kill();
            String refused = app.ask("call agent:buyer buy item 1");
            assertTrue(refused.startsWith("DENIED agent:buyer may not fleet:buy on \"item\": ledger unavailable: cannot connect to "
                    + own.url()), refused);
            assertEquals("ALLOWED", app.ask("call agent:buyer free anything 0"));
            own.restart();
            assertEquals("ALLOWED", eventually(() -> app.ask("call agent:buyer buy item 1"), "ALLOWED"));
        }
    }

    @Test
    void redisPaused_refusesWithinTheLedgerTimeout_neverChargesLater_andRecoversWhenResumed() throws Exception {
        try (RedisServer own = RedisServer.start();
                Jvm.Running app = replica(own, namespace(), POLICY, ",ledger-timeout=1s")) {
            assertEquals("ALLOWED", app.ask("call agent:buyer buy item 1"));
            own.pause();
            String[] timed = app.ask("timed agent:buyer buy item 1").split(" ", 2);
            assertTrue(timed[1].startsWith("DENIED agent:buyer may not fleet:buy on \"item\": ledger unavailable: no answer from "
                    + own.url() + " within 1000 ms"), timed[1]);
            assertTrue(Long.parseLong(timed[0]) < 1_000 + 4_000, "refused after " + timed[0] + " ms");
            own.resume();
            assertEquals("ALLOWED", eventually(() -> app.ask("call agent:buyer buy item 1"), "ALLOWED"));
            // the refused charge reached Redis and ran on SIGCONT, past its deadline: it was not applied
            assertEquals("ALLOWED", app.ask("call agent:buyer buy item 98"));
            assertTrue(app.ask("call agent:buyer buy item 1").contains("exhausted: 100 spent, 1 asked"));
        }
    }

    @Test
    void revoke_refusesTheIdentityItsSessionsAndDelegatesInEveryJvm_untilUnrevoked() throws Exception {
        String namespace = namespace();
        Path audit = dir.resolve("audit.jsonl");
        try (Jvm.Running app = replica(redis, namespace, POLICY, ",audit=" + audit)) {
            assertEquals("ALLOWED", app.ask("call agent:buyer free x 0"));
            String done = charter("revoke", "--ledger", redis.url(), "--namespace", namespace, "user:ops",
                    "--reason", "runaway spend");
            assertTrue(done.startsWith("revoked user:ops on " + redis.url()), done);
            long revoked = System.nanoTime();
            String refused = eventually(() -> app.ask("call agent:buyer free x 0"), "DENIED");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
            assertTrue(millis < 3_000, "took " + millis + " ms");
            assertEquals("DENIED agent:buyer may not fleet:free on \"x\": revoked: user:ops (runaway spend)", refused);
            assertTrue(app.ask("session agent:buyer free x 0").contains(": revoked: user:ops (runaway spend)"));
            assertTrue(app.ask("call user:ops buy item 1").contains(": revoked: user:ops"));

            charter("unrevoke", "--ledger", redis.url(), "--namespace", namespace, "user:ops");
            assertEquals("ALLOWED", eventually(() -> app.ask("call agent:buyer free x 0"), "ALLOWED"));
        }
        String records = Files.readString(audit, StandardCharsets.UTF_8);
        assertTrue(records.contains("\"identity\":\"user:ops\",\"chain\":[],\"scope\":\"charter:revoked\""), records);
        assertTrue(records.contains("\"scope\":\"fleet:free\",\"resource\":\"x\",\"spend\":null,\"decision\":\"deny\","
                + "\"enforced\":true,\"reason\":\"revoked: user:ops (runaway spend)\""), records);
    }

    @Test
    void revoke_refusesPassportsNamingTheIdentity_inTheReceivingJvm_untilUnrevoked() throws Exception {
        Jvm.Result minted = Passports.sender().run(PassportMint.class);
        assertEquals(0, minted.exit(), minted::toString);
        String passport = minted.outcome("good");
        String namespace = namespace();
        Path audit = dir.resolve("receiver.jsonl");
        try (Jvm.Running desk = Jvm.fork().option("-Dcharter.audience=svc:tools")
                .withCharter("policy=" + Passports.RECEIVER_POLICY + ",audit=" + audit + ",ledger=" + redis.url()
                        + ",ledger-namespace=" + namespace + ",ledger-timeout=5s")
                .start(PassportDesk.class)) {
            assertEquals("ALLOWED as agent:refund-bot", desk.ask(passport)); // verified, then cached
            charter("revoke", "--ledger", redis.url(), "--namespace", namespace, "user:alice", "--reason", "lost laptop");
            long revoked = System.nanoTime();
            String refused = eventually(() -> desk.ask(passport), "REFUSED");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
            assertTrue(millis < 3_000, "took " + millis + " ms");
            assertEquals("REFUSED unbound thread may not charter:passport on \"agent:refund-bot\": revoked: user:alice (lost laptop)",
                    refused);

            charter("unrevoke", "--ledger", redis.url(), "--namespace", namespace, "user:alice");
            assertEquals("ALLOWED as agent:refund-bot", eventually(() -> desk.ask(passport), "ALLOWED"));
        }
        String records = Files.readString(audit, StandardCharsets.UTF_8);
        assertTrue(records.contains("\"scope\":\"charter:passport\",\"resource\":\"agent:refund-bot\""), records);
        assertTrue(records.contains("\"reason\":\"revoked: user:alice (lost laptop)\""), records);
    }

    @Test
    void aLedgerNeverReached_refusesEveryScopedCall_andSaysSoAtStart() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        try (Jvm.Running app = Jvm.fork().withCharter("policy=" + POLICY + ",ledger=redis://127.0.0.1:" + closed)
                .start(Fleet.class)) {
            String refused = app.ask("call agent:buyer free x 0");
            assertTrue(refused.startsWith("DENIED agent:buyer may not fleet:free on \"x\": ledger unavailable: cannot connect"),
                    refused);
            assertTrue(app.err().contains(", ledger redis://127.0.0.1:" + closed + " unreachable: cannot connect"), app::toString);
        }
    }

    @Test
    void theMemoryLedger_loadsNoClassOfTheRedisClient() throws Exception {
        Path memory = dir.resolve("memory.log");
        Path fleet = dir.resolve("redis.log");
        try (Jvm.Running app = Jvm.fork().option("-Xlog:class+load=info:file=" + memory)
                .withCharter("policy=" + POLICY).start(Fleet.class)) {
            assertEquals("ALLOWED", app.ask("call agent:buyer buy item 1"));
        }
        try (Jvm.Running app = Jvm.fork().option("-Xlog:class+load=info:file=" + fleet)
                .withCharter("policy=" + POLICY + ",ledger=" + redis.url() + ",ledger-namespace=" + namespace())
                .start(Fleet.class)) {
            assertEquals("ALLOWED", app.ask("call agent:buyer buy item 1"));
        }
        assertEquals(0, clientClasses(memory));
        assertTrue(clientClasses(fleet) > 50, "the redis ledger loads the client: " + clientClasses(fleet));
    }

    private static long clientClasses(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(line -> line.contains("dev.charter.shaded.jedis")
                || line.contains("dev.charter.shaded.pool2") || line.contains("dev.charter.shaded.slf4j")).count();
    }

    /** Runs {@code java -jar charter-agent.jar args...}; returns its output once it exited 0. */
    private static String charter(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jvm.AGENT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    /** Asks until the answer starts with {@code expected}, for at most 20 s; returns the answer. */
    private static String eventually(Callable<String> ask, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String answer = ask.call();
        while (!answer.startsWith(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            answer = ask.call();
        }
        return answer;
    }

    @SafeVarargs
    private static List<String> both(Callable<String>... asks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(asks.length);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (Callable<String> ask : asks) {
                answers.add(pool.submit(ask));
            }
            List<String> all = new ArrayList<>();
            for (Future<String> answer : answers) {
                all.add(answer.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int allowed(List<String> bursts) {
        return bursts.stream().mapToInt(b -> Integer.parseInt(b.split(" ")[0])).sum();
    }

    private static int denied(List<String> bursts) {
        return bursts.stream().mapToInt(b -> Integer.parseInt(b.split(" ")[1])).sum();
    }
}
