package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.app.AuditFaults;
import dev.charter.it.support.Jvm;
import dev.charter.it.support.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit file under real faults: a full file system, rotation, deletion, and SIGKILL mid-write. */
class AuditFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void fullDisk_refusalsStand_aRequiredAllowIsRefused_andEveryRefusalIsWrittenOnceThereIsSpace() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "256k")) {
            Path audit = disk.dir().resolve("audit.jsonl");
            Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit + ",audit-allows=true")
                    .run(AuditFaults.class, "full", audit.toString());
            assertEquals(0, run.exit(), run::toString);
            assertTrue(run.out().contains("filled No space left on device"), run::toString);
            assertEquals("5", run.outcome("before"));
            assertEquals("20", run.outcome("full"), "every refusal stands while nothing can be recorded");
            assertEquals("DENIED user:alice may not payments:refund on \"order/allowed\": audit log unavailable: the record"
                    + " of this call cannot be written", run.outcome("allowed-while-full"));
            assertEquals("true", run.outcome("jmx-failures"), run::toString);
            assertTrue(Integer.parseInt(run.outcome("jmx-waiting")) > 0, run::toString);
            assertTrue(run.outcome("jmx-last").startsWith("cannot write the audit log " + audit
                    + ": No space left on device"), run::toString);
            assertEquals("5", run.outcome("after"));
            assertTrue(run.err().contains("charter: cannot write the audit log " + audit + ": No space left on device"),
                    run::toString);
            assertTrue(run.err().contains("charter: the audit log " + audit + " is written again"), run::toString);

            List<JsonNode> records = records(audit);
            List<String> denied = records.stream().filter(r -> r.has("decision"))
                    .map(r -> r.get("decision").asText() + " " + r.get("resource").asText()).toList();
            List<String> expected = new ArrayList<>();
            for (String phase : List.of("before", "full")) {
                for (int i = 0; i < (phase.equals("before") ? 5 : 20); i++) {
                    expected.add("deny " + phase + "-" + i);
                }
            }
            expected.add("deny order/allowed");
            for (int i = 0; i < 5; i++) {
                expected.add("deny after-" + i);
            }
            assertEquals(expected, denied, "every refusal in order, once; no record of the refused allow");
        }
    }

    @Test
    void renamed_theAgentReopensThePath_andNoRecordIsLostOrWrittenTwice() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit)
                .run(AuditFaults.class, "rename", audit.toString());
        assertEquals(0, run.exit(), run::toString);
        int gap = Integer.parseInt(run.outcome("gap"));
        Map<String, Integer> rotated = resources(dir.resolve("audit.jsonl.1"));
        Map<String, Integer> current = resources(audit);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, rotated.getOrDefault("before-" + i, 0), "before-" + i);
            assertEquals(1, current.getOrDefault("after-" + i, 0), "after-" + i + " is in the file at the path");
        }
        for (int i = 0; i < gap; i++) {
            assertEquals(1, rotated.getOrDefault("gap-" + i, 0) + current.getOrDefault("gap-" + i, 0), "gap-" + i);
        }
        assertEquals(200 + gap, rotated.size() + current.size());
        assertTrue(run.err().contains("charter: the audit log " + audit + " was renamed or deleted; writing to a new "
                + audit), run::toString);
    }

    @Test
    void deleted_theAgentCreatesThePathAgain_andEveryRefusalAfterTheDeletionIsInIt() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit)
                .run(AuditFaults.class, "delete", audit.toString());
        assertEquals(0, run.exit(), run::toString);
        int gap = Integer.parseInt(run.outcome("gap"));
        Map<String, Integer> current = resources(audit);
        for (int i = 0; i < gap; i++) {
            assertEquals(1, current.getOrDefault("gap-" + i, 0), "gap-" + i + ", after the deletion, is in the new file");
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(1, current.getOrDefault("after-" + i, 0), "after-" + i + " is in the file at the path");
        }
    }

    @Test
    void sigkill_fiftyTimesMidWrite_everyLineOfEveryFileParses() throws Exception {
        // two files, killed 25 times each, one JVM at a time: JVMs started side by side only slow each other
        List<Path> files = List.of(dir.resolve("a.jsonl"), dir.resolve("b.jsonl"));
        for (int run = 0; run < 50; run++) {
            Path audit = files.get(run % files.size());
            long before = size(audit);
            Process process = Jvm.fork().option("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                    .withCharter("policy=" + Jvm.POLICY + ",audit=" + audit)
                    .launch(AuditFaults.class, "forever", audit.toString());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (size(audit) < before + 16 * 1024 && System.nanoTime() < until && process.isAlive()) {
                Thread.sleep(2);
            }
            process.destroyForcibly(); // SIGKILL, while two threads write records
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), "killed, not ended by itself");
        }
        for (Path audit : files) {
            // a torn last record is cut off when the file is opened again; every record before it is whole
            List<String> lines = Files.readAllLines(audit);
            for (int i = 0; i < lines.size() - 1; i++) {
                assertTrue(parses(lines.get(i)), audit + " line " + (i + 1) + " of " + lines.size() + ": " + lines.get(i));
            }
            Jvm.Result last = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit)
                    .run(AuditFaults.class, "once", audit.toString());
            assertEquals("1", last.outcome("once"), last::toString);
            List<JsonNode> records = records(audit);
            assertEquals("once-0", records.get(records.size() - 1).get("resource").asText());
        }
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static boolean parses(String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /** Every line of {@code file} as JSON: fails on any line that is not one whole object. */
    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(parses(lines.get(i)), file + " line " + (i + 1) + ": " + lines.get(i));
            records.add(JSON.readTree(lines.get(i)));
        }
        return records;
    }

    /** How often each resource of a refusal appears in {@code file}. */
    private static Map<String, Integer> resources(Path file) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode record : records(file)) {
            if (record.has("resource")) {
                counts.merge(record.get("resource").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
