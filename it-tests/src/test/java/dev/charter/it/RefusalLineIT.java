package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.app.HostileResources;
import dev.charter.it.app.Scenarios;
import dev.charter.it.support.Jvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real agent: a refusal is one line whatever the resource holds, says what is allowed,
 * and its audit record parses and gives back the exact resource; audit mode says it enforces nothing.
 */
class RefusalLineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void hostileResources_refusalIsOneLine_andTheAuditRecordRoundTripsTheExactValue() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit).run(HostileResources.class);
        assertEquals(0, run.exit(), run::toString);
        Map<String, String> resources = HostileResources.resources();
        List<String> lines = run.out().lines().toList();
        assertEquals(resources.size(), lines.size(), run::toString);
        for (String line : lines) {
            String[] parts = line.split(" ");
            assertEquals(4, parts.length, line);
            String message = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            assertOneLine(message);
            assertTrue(message.startsWith("agent:refund-bot may not payments:refund on \"order"), message);
            assertTrue(message.contains(": resource not granted (" + Jvm.POLICY + ":11); allowed: order/EU-*"), message);
            assertTrue(message.length() < 1000, parts[0] + ": " + message.length() + " chars");
            assertEquals("order/EU-*", new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8));
            assertEquals("true", parts[3], "getResource() is the value as it was");
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(audit, StandardCharsets.UTF_8)) {
            JsonNode record = JSON.readTree(line);
            if (record.has("decision")) {
                records.add(record);
            }
        }
        assertEquals(new ArrayList<>(resources.values()), records.stream().map(r -> r.get("resource").asText()).toList(),
                "each record gives back the exact resource");
        assertTrue(records.stream().allMatch(r -> r.get("enforced").asBoolean()));
        assertEquals(resources.size() + 1, Files.readAllLines(audit).size(), "one line per record, and the policy load");
    }

    @Test
    void auditMode_recordsNotEnforced_andTheLoggerSaysWouldDeny() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit + ",mode=audit")
                .run(Scenarios.class, "bot-us");
        assertEquals("ALLOWED", run.outcome("bot-us"), run::toString);
        JsonNode record = JSON.readTree(Files.readAllLines(audit).get(1));
        assertEquals("deny", record.get("decision").asText());
        assertFalse(record.get("enforced").asBoolean());

        Jvm.Result logged = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",mode=audit").run(Scenarios.class, "bot-us");
        assertTrue(logged.err().contains("Charter would deny: agent:refund-bot"), logged::toString);
        assertFalse(logged.err().contains("Charter denied"), logged::toString);
    }

    /** No character that a reader (Java, JavaScript, Python, a terminal) takes as a line break. */
    private static void assertOneLine(String message) {
        assertEquals(1, message.lines().count(), message);
        for (char c : message.toCharArray()) {
            assertTrue(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && c != 0x2028 && c != 0x2029,
                    "U+" + Integer.toHexString(c) + " in " + message);
        }
    }
}
