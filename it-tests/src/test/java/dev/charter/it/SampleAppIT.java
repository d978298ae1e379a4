package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.support.Jvm;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample shop's day in forked JVMs, read from its {@code --json} report: without Charter, and
 * with Charter in audit mode, the crew breaks the shop's invariants; with the sample policy
 * enforced, every invariant holds and every refusal and deferral is in the audit log with its rule.
 */
class SampleAppIT {

    private static final Path SAMPLE = Path.of("..", "sample-app").toAbsolutePath().normalize();
    private static final Path CLASSES = SAMPLE.resolve("target/classes");
    private static final Path POLICY = SAMPLE.resolve("charter.yaml");
    private static final String MAIN = "dev.charter.sample.SampleApp";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void enforced_keepsEveryInvariant_andAuditsEveryDenialAndDeferralWithItsRule() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        JsonNode report = run(Jvm.fork().withCharter("policy=" + POLICY + ",audit=" + audit), "--audit", audit.toString());
        assertEquals(0, report.get("broken").asInt(), report.toPrettyString());
        assertEquals(audit.toString(), report.get("auditLog").asText());
        long denied = total(report, "denied");
        long deferred = total(report, "deferred");
        long approved = total(report, "approved");
        assertTrue(denied > 0 && approved > 0 && deferred > approved, "denials, approvals and governor refusals: " + report);
        for (JsonNode refusal : report.get("deniedOrDeferred")) {
            assertTrue(refusal.get("rule").asText().startsWith(POLICY + ":"), "names its rule: " + refusal);
        }
        List<JsonNode> records = decisions(audit);
        assertEquals(denied, count(records, "deny"), "every denial is audited");
        assertEquals(approved, count(records, "defer-approved"), "every approval is audited");
        assertEquals(deferred - approved, count(records, "defer-denied"), "every governor refusal is audited");
        assertEquals(denied + deferred, records.size(), "nothing else is: allowed calls are not recorded by default");
    }

    @Test
    void withoutCharter_theCrewBreaksInvariants_andNothingIsChecked() throws Exception {
        JsonNode report = run(Jvm.fork());
        assertTrue(report.get("broken").asInt() > 0, report.toPrettyString());
        assertEquals(0, total(report, "denied") + total(report, "deferred"), report.toPrettyString());
        assertTrue(report.get("auditLog").isNull(), report.toPrettyString());
    }

    @Test
    void auditMode_theCrewBreaksInvariants_andTheAuditLogRecordsWhatWouldHaveBeenDenied() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        JsonNode report = run(Jvm.fork().withCharter("policy=" + POLICY + ",mode=audit,audit=" + audit));
        assertTrue(report.get("broken").asInt() > 0, report.toPrettyString());
        assertEquals(0, total(report, "denied"), "audit mode blocks nothing: " + report);
        List<JsonNode> records = decisions(audit);
        assertTrue(count(records, "deny") > 0, records.toString());
        assertEquals(total(report, "deferred"), count(records, "defer-approved") + count(records, "defer-denied"));
        for (JsonNode record : records) {
            assertTrue(record.get("rule").asText().startsWith(POLICY + ":"), "names its rule: " + record);
        }
    }

    @Test
    void frontDesk_aLangChain4jAssistant_runsEachChatAsItsCustomer_andTheModelReadsTheRefusal() throws Exception {
        assertTrue(Files.isDirectory(SAMPLE.resolve("target/lib")), "build sample-app first: its libraries are in target/lib");
        Jvm.Result result = Jvm.fork().withCharter("policy=" + POLICY).classPath(CLASSES.toString())
                .classPath(SAMPLE.resolve("target/lib").toString() + "/*").run(sampleMain());
        assertEquals(0, result.exit(), result::toString);
        String desk = result.out().substring(result.out().indexOf("\nfront desk ") + 1);
        assertTrue(result.out().contains("  all 5 hold\n"), result::toString);
        assertEquals("""
                front desk (LangChain4j; each chat runs as customer:<memory id>)
                  customer:alice, offered [cancelOrder, orderStatus]
                    orderStatus -> order/EU-1001 shipped
                    cancelOrder -> cancelled order/EU-1001
                  customer:alice, offered [cancelOrder, orderStatus]
                    orderStatus -> customer:alice may not desk:orderStatus on "order/EU-2002": resource not granted \
                (%1$s:38); allowed: order/EU-1*
                  customer:bob, offered [orderStatus]
                    cancelOrder -> customer:bob may not desk:cancelOrder on "order/EU-2002": no rule grants it
                """.formatted(POLICY), desk, result::toString);
    }

    /** Runs the sample's day in {@code jvm} with {@code --json} and returns the report. */
    private static JsonNode run(Jvm jvm, String... arguments) throws Exception {
        assertTrue(Files.isDirectory(CLASSES), CLASSES + " is missing: build sample-app first, it is not a dependency"
                + " of it-tests (mvn -pl sample-app,it-tests -am verify)");
        List<String> withJson = new ArrayList<>(List.of(arguments));
        withJson.add("--json");
        Jvm.Result result = jvm.classPath(CLASSES.toString()).run(sampleMain(), withJson.toArray(String[]::new));
        assertEquals(0, result.exit(), result::toString);
        return JSON.readTree(result.out());
    }

    /** The sample's main class, loaded only to be named: the sample is not on this module's class path. */
    private static Class<?> sampleMain() throws Exception {
        try (URLClassLoader sample = new URLClassLoader(new URL[] {CLASSES.toUri().toURL()}, SampleAppIT.class.getClassLoader())) {
            return sample.loadClass(MAIN);
        }
    }

    /** The sum of {@code field} over the report's agents. */
    private static long total(JsonNode report, String field) {
        long sum = 0;
        for (JsonNode agent : report.get("agents")) {
            sum += agent.get(field).asLong();
        }
        return sum;
    }

    /** The audit log's decision records; every line must parse. */
    private static List<JsonNode> decisions(Path audit) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            JsonNode record = JSON.readTree(line);
            if (record.has("decision")) {
                records.add(record);
            }
        }
        return records;
    }

    private static long count(List<JsonNode> records, String decision) {
        return records.stream().filter(record -> record.get("decision").asText().equals(decision)).count();
    }
}
