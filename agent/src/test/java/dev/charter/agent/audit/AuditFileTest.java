package dev.charter.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTest {

    @TempDir
    Path dir;

    private static AuditRecord deny(String resource) {
        return new AuditRecord(Instant.EPOCH, "agent:bot", List.of(), "s", resource, 1, "deny", "no rule grants it",
                null, "m", "main", true);
    }

    /** Waits out the interval after which a write checks that the path still names the open file. */
    private static void pastCheckInterval() throws InterruptedException {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(AuditFile.CHECK_NANOS) + 50);
    }

    @Test
    void open_fileEndingInPartOfARecord_cutsItBackToItsLastWholeLine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"whole\":1}\n{\"torn\":");
        AuditFile.open(file).decision(deny("r/1"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines::toString);
        assertEquals("{\"whole\":1}", lines.get(0));
        assertTrue(lines.get(1).contains("\"resource\":\"r/1\""), lines.get(1));
    }

    @Test
    void open_fileOfOnlyPartOfARecord_isEmptiedFirst() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"torn\":" + "x".repeat(20_000));
        AuditFile.open(file).decision(deny("r/1"));
        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void decision_afterTheFileIsRenamed_goesToANewFileAtThePath() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditFile audit = AuditFile.open(file);
        assertTrue(audit.decision(deny("r/before")));
        Path rotated = Files.move(file, dir.resolve("audit.jsonl.1"));
        pastCheckInterval();
        assertTrue(audit.decision(deny("r/after")));
        assertEquals(1, Files.readAllLines(rotated).size());
        assertTrue(Files.readString(file).contains("r/after"));
        assertFalse(Files.readString(rotated).contains("r/after"));
    }

    @Test
    void decision_afterTheFileIsDeleted_createsItAgain() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditFile audit = AuditFile.open(file);
        audit.decision(deny("r/before"));
        pastCheckInterval();
        audit.decision(deny("r/checked"));
        Files.delete(file);
        audit.decision(deny("r/deleted")); // before the next check: written to the deleted file
        pastCheckInterval();
        audit.decision(deny("r/after"));
        String now = Files.readString(file);
        assertTrue(now.contains("r/after"), now);
        assertTrue(now.contains("r/deleted"), "copied from the deleted file: " + now);
        assertTrue(now.contains("r/checked"), "written since the last check, copied too: " + now);
        assertFalse(now.contains("r/before"), now);
        assertEquals(3, now.lines().count(), now);
    }

    @Test
    void decision_onAFullDevice_isNotRecorded_thenWrittenInOrderOnceTheDiskTakesIt() throws Exception {
        // /dev/full fails every write with "No space left on device"
        Path file = Files.createSymbolicLink(dir.resolve("audit.jsonl"), Path.of("/dev/full"));
        List<String> reported = new CopyOnWriteArrayList<>();
        AuditFile audit = AuditFile.open(file);
        audit.reportTo(new AuditHealth() {
            @Override
            public void writeFailed(String path, String problem, int waiting, long lost) {
                reported.add(waiting + " " + problem);
            }

            @Override
            public void writesResumed(String path) {
                reported.add("resumed");
            }
        });
        assertFalse(audit.decision(deny("r/1")));
        assertFalse(audit.decision(deny("r/2")));
        assertTrue(reported.get(0).startsWith("1 cannot write the audit log " + file + ": No space left on device"),
                reported::toString);
        Files.delete(file);
        Files.writeString(file, "");
        pastCheckInterval();
        assertTrue(audit.decision(deny("r/3")));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("r/1", "r/2", "r/3"), lines.stream()
                .map(line -> line.replaceAll(".*\"resource\":\"([^\"]*)\".*", "$1")).toList());
        assertEquals("resumed", reported.get(reported.size() - 1));
    }

    @Test
    void decision_concurrentWritersOnAFullDevice_keepEveryRefusalOnce_inEachThreadsOrder_andNoAllow() throws Exception {
        Path file = Files.createSymbolicLink(dir.resolve("audit.jsonl"), Path.of("/dev/full"));
        AuditFile audit = AuditFile.open(file);
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            String thread = "w" + w;
            writers.execute(() -> {
                for (int i = 0; i < 300; i++) {
                    String decision = i % 2 == 0 ? "deny" : "allow";
                    if (audit.decision(new AuditRecord(Instant.EPOCH, "agent:bot", List.of(), "s", thread + "/" + i, i,
                            decision, "r", null, "m", thread, true))) {
                        written.incrementAndGet();
                    }
                }
            });
        }
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(0, written.get(), "nothing reaches /dev/full");
        Files.delete(file);
        Files.writeString(file, "");
        pastCheckInterval();
        assertTrue(audit.decision(deny("last")));
        List<String> resources = Files.readAllLines(file).stream()
                .map(line -> line.replaceAll(".*\"resource\":\"([^\"]*)\".*", "$1")).toList();
        assertEquals(601, resources.size());
        assertEquals("last", resources.get(600));
        for (int w = 0; w < 4; w++) {
            String thread = "w" + w;
            List<String> own = resources.stream().filter(resource -> resource.startsWith(thread + "/")).toList();
            assertEquals(java.util.stream.IntStream.range(0, 150).mapToObj(i -> thread + "/" + (2 * i)).toList(), own);
        }
    }

    @Test
    void decision_concurrentWriters_neverInterleaveOrLoseLines() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditFile audit = AuditFile.open(file);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            String thread = "w" + w;
            writers.execute(() -> {
                for (int i = 0; i < 2_500; i++) {
                    audit.decision(new AuditRecord(Instant.EPOCH, "agent:bot", List.of(), "s", "r/" + i, i, "deny",
                            "no rule grants it", null, "m", thread, true));
                }
            });
        }
        writers.shutdown();
        assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(file);
        assertEquals(10_000, lines.size());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("{\"ts\"") && line.endsWith("}")));
    }

    @Test
    void decision_ofAnInterruptedThread_isWritten_andLeavesTheFileWritableForOthers() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditFile audit = AuditFile.open(file);
        Thread.currentThread().interrupt();
        try {
            assertTrue(audit.decision(deny("r/interrupted")));
        } finally {
            assertTrue(Thread.interrupted(), "the thread keeps its interrupt");
        }
        assertTrue(audit.decision(deny("r/next")));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("\"resource\":\"r/next\""), lines.get(1));
    }

    @Test
    void decision_nonAsciiAndLongRecords_areWrittenWhole_inUtf8() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditFile audit = AuditFile.open(file);
        String long1 = "x".repeat(1 << 20) + "é";
        for (String resource : List.of("commande/é-1", "😀/\u2028", long1, "r/short")) {
            assertTrue(audit.decision(deny(resource)));
        }
        List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).contains("\"resource\":\"commande/é-1\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"resource\":\"😀/\\u2028\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"resource\":\"" + long1 + "\""));
        assertTrue(lines.get(3).contains("\"resource\":\"r/short\""), lines.get(3));
    }

    @Test
    void decision_ofAnAsciiRecord_allocatesNothing_onceWarm() throws Exception {
        AuditFile audit = AuditFile.open(dir.resolve("audit.jsonl"));
        AuditRecord record = new AuditRecord(Instant.now(), "agent:bot", List.of("user:alice"), "payments:refund", "order/EU-1",
                250L, "deny", "resource not granted", "charter.yaml:11", "com.acme.Refunds#refund(java.lang.String,long)",
                "main", true);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) { // the least of several rounds: a round may include a check of the path
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1_000; i++) {
                audit.decision(record);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        assertTrue(least < 16_000, "a thousand records allocated " + least + " bytes");
    }

    @Test
    void open_appendsToWhatIsThere() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        AuditFile.open(file).policyLoaded("charter.yaml", "enforce", 3);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("\"event\":\"policy-loaded\",\"policy\":\"charter.yaml\",\"mode\":\"enforce\",\"identities\":3"),
                lines.get(1));
    }
}
