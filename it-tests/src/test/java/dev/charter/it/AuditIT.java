package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.app.Flood;
import dev.charter.it.app.Scenarios;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log: every denial recorded exactly once, each line a JSON object with every field. */
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("ts", "identity", "chain", "scope", "resource", "spend",
            "decision", "enforced", "reason", "rule", "method", "thread");

    @TempDir
    Path dir;

    @Test
    void twoThreadsOfDenials_writeOneParsableLineEach() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit).run(Flood.class, "5000");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("refused 10000", run.out().strip());
        List<JsonNode> decisions = decisions(audit);
        assertEquals(10_000, decisions.size());
        for (JsonNode record : decisions) {
            assertEquals(FIELDS, fieldNames(record));
            assertEquals("deny", record.get("decision").asText());
            assertTrue(record.get("identity").isNull());
            assertEquals("dev.charter.it.app.Payments#refund(java.lang.String,long)", record.get("method").asText());
            assertTrue(record.get("spend").isNumber());
        }
        assertEquals(5_000, decisions.stream().filter(r -> r.get("thread").asText().equals("flood-1")).count());
    }

    @Test
    void deniedRecord_namesChainRuleAndResource() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit)
                .run(Scenarios.class, "chain3-us");
        assertTrue(run.outcome("chain3-us").startsWith("DENIED"), run::toString);
        JsonNode record = decisions(audit).get(0);
        assertEquals("agent:sub-bot", record.get("identity").asText());
        assertEquals("[\"agent:refund-bot\",\"user:alice\"]", record.get("chain").toString());
        assertEquals("order/US-2", record.get("resource").asText());
        assertEquals(Jvm.POLICY + ":18", record.get("rule").asText());
        assertEquals(1, record.get("spend").asInt());
    }

    @Test
    void auditMode_letsTheBodyRun_andRecordsTheDenial() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit + ",mode=audit")
                .run(Scenarios.class, "unbound-refund", "bot-us", "alice-refund");
        assertEquals("ALLOWED", run.outcome("unbound-refund"), run::toString);
        assertEquals("ALLOWED", run.outcome("bot-us"), run::toString);
        List<JsonNode> decisions = decisions(audit);
        assertEquals(2, decisions.size(), "the two denials, not the allow");
        assertTrue(decisions.stream().allMatch(r -> r.get("decision").asText().equals("deny")));
        assertTrue(decisions.stream().noneMatch(r -> r.get("enforced").asBoolean()), "audit mode enforces nothing");
    }

    @Test
    void auditAllows_recordsAllowedCallsToo() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + audit + ",audit-allows=true")
                .run(Scenarios.class, "alice-refund", "alice-refund", "bot-eu", "bot-us");
        assertEquals(0, run.exit(), run::toString);
        List<String> kinds = decisions(audit).stream().map(r -> r.get("decision").asText()).toList();
        assertEquals(List.of("allow", "allow", "allow", "deny"), kinds);
    }

    @Test
    void withoutAuditFile_denialsGoToTheJdkLogger() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY).run(Scenarios.class, "bot-us");
        assertTrue(run.err().contains("WARNING: Charter denied: agent:refund-bot (for user:alice) may not payments:refund on order/US-1: resource not granted (" + Jvm.POLICY + ":11) in dev.charter.it.app.Payments#refund(java.lang.String,long) on thread 'main'"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    private static List<JsonNode> decisions(Path audit) throws Exception {
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            JsonNode record = JSON.readTree(line);
            if (record.has("decision")) {
                decisions.add(record);
            } else {
                assertEquals("policy-loaded", record.get("event").asText(), line);
            }
        }
        return decisions;
    }

    private static Set<String> fieldNames(JsonNode record) {
        Set<String> names = new java.util.TreeSet<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
