package dev.charter.agent.observe;

import static dev.charter.agent.observe.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservedLogTest {

    @TempDir
    Path dir;

    private final Records.Kept kept = new Records.Kept();
    private final ObservedLog log = new ObservedLog(kept, true);

    @Test
    void decision_isCountedAndPassedOn() {
        log.decision(record("deny", "payments:refund"));
        assertEquals(List.of("deny payments:refund"), kept.seen);
        assertEquals(Map.of("payments:refund", 1L), log.status().getDenyCounts());
    }

    @Test
    void decisions_areCountedPerKindAndScope() {
        log.decision(record("allow", "payments:refund"));
        log.decision(record("allow", "payments:refund"));
        log.decision(record("allow", "orders:read"));
        log.decision(record("deny", "orders:delete"));
        log.decision(record("defer-approved", "payments:refund"));
        log.decision(record("defer-denied", "payments:refund"));
        CharterMXBean status = log.status();
        assertEquals(Map.of("orders:read", 1L, "payments:refund", 2L), status.getAllowCounts());
        assertEquals(Map.of("orders:delete", 1L), status.getDenyCounts());
        assertEquals(Map.of("payments:refund", 2L), status.getDeferCounts());
        assertEquals(Map.of("payments:refund", 1L), status.getDeferDeniedCounts());
        assertEquals(List.of("orders:read", "payments:refund"), new ArrayList<>(status.getAllowCounts().keySet()));
    }

    @Test
    void unknownKindOfDecision_isPassedOnButNotCounted() {
        log.decision(record("maybe", "payments:refund"));
        assertEquals(List.of("maybe payments:refund"), kept.seen);
        CharterMXBean status = log.status();
        assertTrue(status.getAllowCounts().isEmpty() && status.getDenyCounts().isEmpty()
                && status.getDeferCounts().isEmpty());
    }

    @Test
    void auditWrites_failingThenResumed_showOnTheMBean() {
        CharterMXBean status = log.status();
        assertEquals(0, status.getAuditWriteFailures());
        log.writeFailed("audit.jsonl", "cannot write the audit log audit.jsonl: No space left on device", 2, 0);
        log.writeFailed("audit.jsonl", "cannot write the audit log audit.jsonl: No space left on device", 3, 0);
        assertEquals(2, status.getAuditWriteFailures());
        assertEquals(3, status.getAuditRecordsWaiting());
        assertEquals("cannot write the audit log audit.jsonl: No space left on device", status.getLastAuditWriteFailure());
        log.writesResumed("audit.jsonl");
        assertEquals(0, status.getAuditRecordsWaiting());
        assertEquals(2, status.getAuditWriteFailures(), "failures stay counted");
    }

    @Test
    void watcher_stateAndLastError_showOnTheMBean() {
        CharterMXBean status = log.status();
        assertEquals("starting", status.getWatcherState());
        log.watcher("retrying", "java.io.IOException: boom");
        log.watcher("watching", null);
        assertEquals("watching", status.getWatcherState());
        assertEquals("java.io.IOException: boom", status.getWatcherLastError(), "the last error stays to be read");
    }

    @Test
    void beforeAnyLoad_noPolicyIsKnown() {
        CharterMXBean status = log.status();
        assertNull(status.getPolicyFile());
        assertNull(status.getPolicyVersion());
        assertNull(status.getMode());
        assertEquals(0, status.getReloads());
        assertEquals(0, status.getRejections());
    }

    @Test
    void policyLoaded_isPassedOn_andOnlyLaterLoadsAreReloads() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "abc");
        log.policyLoaded(file.toString(), "enforce", 3);
        assertEquals(0, log.status().getReloads());
        Files.writeString(file, "abcd");
        log.policyLoaded(file.toString(), "audit", 4);
        CharterMXBean status = log.status();
        assertEquals(1, status.getReloads());
        assertEquals(file.toString(), status.getPolicyFile());
        assertEquals("audit", status.getMode());
        assertEquals(4, status.getIdentities());
        assertEquals(LoadedPolicy.version("abcd".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                status.getPolicyVersion());
        assertEquals(List.of("loaded " + file + " enforce 3", "loaded " + file + " audit 4"), kept.seen);
    }

    @Test
    void policyRejected_isCountedAndPassedOn_andLeavesThePolicyInForce() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "abc");
        log.policyLoaded(file.toString(), "enforce", 1);
        log.policyRejected(file.toString(), file + ":1:10: version 2 is not supported");
        CharterMXBean status = log.status();
        assertEquals(1, status.getRejections());
        assertEquals(file + ":1:10: version 2 is not supported", status.getLastRejection());
        assertEquals(0, status.getReloads());
        assertEquals("rejected " + file + ":1:10: version 2 is not supported", kept.seen.get(1));
        assertEquals(LoadedPolicy.version("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                status.getPolicyVersion());
    }

    @Test
    void allowsCounted_followsAuditAllows() {
        assertTrue(log.status().isAllowsCounted());
        assertFalse(new ObservedLog(kept, false).status().isAllowsCounted());
    }

    @Test
    void decisionsFromManyThreads_areAllCounted() throws InterruptedException {
        int threads = 4;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String scope = "scope:" + (t % 2);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    log.decision(record("deny", scope));
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(Map.of("scope:0", 2L * each, "scope:1", 2L * each), log.status().getDenyCounts());
    }
}
