package dev.charter.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTest {

    @TempDir
    Path dir;

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
