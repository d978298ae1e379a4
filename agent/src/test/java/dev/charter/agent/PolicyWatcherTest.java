package dev.charter.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.observe.ObservedLog;
import dev.charter.agent.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyWatcherTest {

    private static final String ONE = "version: 1\nidentities:\n  user:a: {}\n";
    private static final String TWO = "version: 1\nidentities:\n  user:a: {}\n  user:b: {}\n";

    @TempDir
    Path dir;

    /** A log whose first reload fails, as a log on a broken disk might. */
    private static final class FailingOnce implements DecisionLog {
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public boolean decision(AuditRecord record) {
            return true;
        }

        @Override
        public void policyLoaded(String file, String mode, int identities) {
            if (loads.incrementAndGet() == 1) {
                throw new IllegalStateException("the log failed\nsecond line");
            }
        }

        @Override
        public void policyRejected(String file, String problem) {
        }
    }

    @Test
    void watcher_ownFailure_isReportedAndRetried_untilTheChangeIsInForce() throws Exception {
        Path file = Files.writeString(dir.resolve("charter.yaml"), ONE);
        byte[] content = Files.readAllBytes(file);
        FailingOnce failing = new FailingOnce();
        ObservedLog log = new ObservedLog(failing, false);
        PolicyEnforcer enforcer = new PolicyEnforcer(Policy.parse(content, file.toString()), null, false,
                new Actions(), log, Clock.systemUTC(), new InMemoryLedger(), Duration.ofSeconds(1));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            PolicyWatcher.start(file, content, enforcer, log);
            Files.writeString(dir.resolve("next.yaml"), TWO);
            Files.move(dir.resolve("next.yaml"), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            waitFor(() -> failing.loads.get() >= 2 && err.toString(StandardCharsets.UTF_8).contains("watching"));
        } finally {
            System.setErr(original);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("charter: the policy watcher of " + file
                + " failed, retrying: java.lang.IllegalStateException: the log failed second line\n"), said);
        assertTrue(said.contains("charter: watching " + file + " again"), said);
        assertTrue(enforcer.policy().declares("user:b"), "the change is in force");
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "timed out");
            Thread.sleep(20);
        }
    }
}
