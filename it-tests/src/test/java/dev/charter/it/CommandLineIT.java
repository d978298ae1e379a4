package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.support.Jvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar charter-agent.jar ...}: the agent jar is also the command line. */
class CommandLineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A policy and classes of these tests' own, so that every finding can be asserted exactly. */
    private static final Path POLICY = Jvm.resource("it/cli/charter.yaml");
    private static final Path CLASSES = Jvm.resource("dev/charter/it/cli");
    private static final Path SAMPLE_POLICY = Path.of("..", "sample-app", "charter.yaml");
    private static final Path SAMPLE_CLASSES = Path.of("..", "sample-app", "target", "classes");

    @TempDir
    Path dir;

    private static Result charter(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jvm.AGENT.toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("charter-cli-", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        Result result = new Result(process.exitValue(), out, Files.readString(err));
        Files.delete(err);
        return result;
    }

    private record Result(int exit, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @Test
    void check_ownPolicyAndClasses_reportsEveryFindingWithItsLine() throws Exception {
        Result result = charter("check", POLICY.toString(), "--scan", CLASSES.toString());
        assertEquals(1, result.exit(), result.toString());
        assertEquals(POLICY + ": valid (2 identities, mode enforce)\n"
                + "delegates granted more than their principal (1):\n"
                + "  " + POLICY + ":15: agent:invoicer: grant 'ledger:write' lies outside the authority of principal "
                + "user:ops, so it can never be used (e.g. ledger:write is refused)\n"
                + "scanned actions with an invalid scope (1):\n"
                + "  dev/charter/it/cli/Shredder.java:10: dev.charter.it.cli.Shredder#shredEverything(): scope 'archive:*' "
                + "contains '*': an action names one concrete scope, not a pattern\n"
                + "scanned actions no identity may run (1):\n"
                + "  dev/charter/it/cli/Ledger.java:10: dev.charter.it.cli.Ledger#write(java.lang.String): no identity may "
                + "run its scope 'ledger:write'\n"
                + "grants no scanned action uses (1):\n"
                + "  " + POLICY + ":7: user:ops: grant 'archive:*' is used by no scanned action\n"
                + POLICY + ": 4 findings; scanned 3 class files, 4 actions\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void check_ownPolicyAsJson_isOneObjectForTools() throws Exception {
        Result result = charter("check", POLICY.toString(), "--scan", CLASSES.toString(), "--format", "json");
        assertEquals(1, result.exit(), result.toString());
        JsonNode report = JSON.readTree(result.out());
        assertEquals(POLICY.toString(), report.get("file").asText());
        assertTrue(report.get("valid").asBoolean());
        assertTrue(report.get("error").isNull());
        assertEquals(3, report.at("/scanned/classes").asInt());
        assertEquals(List.of("narrowed-delegate", "invalid-action-scope", "unrunnable-action", "unused-grant"),
                StreamSupport.stream(report.get("findings").spliterator(), false).map(f -> f.get("kind").asText()).toList());
        JsonNode narrowed = report.at("/findings/0");
        assertEquals(POLICY + ":15", narrowed.get("rule").asText());
        assertEquals("user:ops", narrowed.get("principal").asText());
        assertTrue(narrowed.get("unusable").asBoolean());
        assertEquals("dev.charter.it.cli.Ledger", report.at("/findings/2/class").asText());
        assertEquals(0, report.get("information").size());
    }

    /** The sample application changes; whatever it holds, check reads it and reports in shape. */
    @Test
    void check_sampleAppScanned_givesAWellFormedReport() throws Exception {
        assertTrue(Files.isDirectory(SAMPLE_CLASSES), "build sample-app before the it-tests: " + SAMPLE_CLASSES);
        Result text = charter("check", SAMPLE_POLICY.toString(), "--scan", SAMPLE_CLASSES.toString());
        assertTrue(text.exit() == 0 || text.exit() == 1, text.toString());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(0).startsWith(SAMPLE_POLICY + ": valid ("), text.toString());
        assertTrue(lines.get(lines.size() - 1).matches(".*: (no findings|1 finding|\\d+ findings)(, \\d+ notes?)?; "
                + "scanned \\d+ class files?, \\d+ actions?"), text.toString());

        Result json = charter("check", SAMPLE_POLICY.toString(), "--scan", SAMPLE_CLASSES.toString(), "--format", "json");
        assertEquals(text.exit(), json.exit(), json.toString());
        JsonNode report = JSON.readTree(json.out());
        assertTrue(report.get("valid").asBoolean(), json.toString());
        assertTrue(report.at("/scanned/classes").asInt() > 0, json.toString());
        assertEquals(json.exit() == 1, report.get("findings").size() > 0, json.toString());
        for (JsonNode finding : report.get("findings")) {
            assertTrue(finding.hasNonNull("kind") && finding.hasNonNull("message") && finding.has("rule")
                    && finding.hasNonNull("location"), finding.toString());
        }
    }

    @Test
    void check_samplePolicyScanned_isClean() throws Exception {
        Result result = charter("check", SAMPLE_POLICY.toString(), "--scan", SAMPLE_CLASSES.toString());
        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.out().contains(": no findings"), result.toString());
    }

    @Test
    void check_overlapOfUnrelatedIdentities_andALimitThatNeverApplies_areFindings() throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), """
                version: 1
                identities:
                  agent:invoicer:
                    grants: [{scope: "billing:invoice", resources: ["customer/**"]}]
                  agent:collector:
                    grants: [{scope: "billing:*", resources: ["customer/eu/**"], max-per-call: 50}]
                  agent:bookkeeper:
                    grants: [{scope: "ledger:write", max-per-call: 10}]
                """);
        Result result = charter("check", policy.toString(), "--scan", CLASSES.toString(), "--format", "json");
        assertEquals(1, result.exit(), result.toString());
        List<String> kinds = new java.util.ArrayList<>();
        JSON.readTree(result.out()).get("findings").forEach(finding -> kinds.add(finding.get("kind").asText()));
        assertTrue(kinds.contains("overlap"), result.toString());
        assertTrue(result.out().contains("agent:invoicer (" + policy + ":4) and agent:collector (" + policy + ":6) both hold "
                + "billing:invoice on customer/eu/"), result.toString());
        assertTrue(kinds.contains("unapplied-limit"), result.toString());
        assertTrue(result.out().contains("the max-per-call 10 of grant 'ledger:write' never applies to "
                + "dev.charter.it.cli.Ledger#write(java.lang.String)"), result.toString());

        Path shared = Files.writeString(dir.resolve("shared.yaml"), Files.readString(policy)
                + "governance:\n  - shared: \"billing:invoice\"\n");
        Result acknowledged = charter("check", shared.toString());
        assertEquals(0, acknowledged.exit(), acknowledged.toString());
    }

    @Test
    void check_cleanPolicy_exitsZero() throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), """
                version: 1
                identities:
                  user:alice:
                    grants: [{scope: "billing:*"}]
                """);
        Result result = charter("check", policy.toString(), "--scan", CLASSES.resolve("Billing.class").toString());
        assertEquals(0, result.exit(), result.toString());
        assertEquals(policy + ": valid (1 identity, mode enforce)\n"
                + policy + ": no findings; scanned 1 class file, 2 actions\n", result.out());
    }

    @Test
    void check_invalidPolicyOrUnreadableScan_exitsTwoWithTheReasonOnStandardError() throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), "version: 1\nidentities:\n  user:alice:\n    grantz: []\n");
        Result invalid = charter("check", policy.toString());
        assertEquals(2, invalid.exit(), invalid.toString());
        assertEquals("", invalid.out());
        assertTrue(invalid.err().startsWith(policy + ":4:5: unknown key 'grantz'"), invalid.toString());

        Result unreadable = charter("check", POLICY.toString(), "--scan", dir.resolve("missing.jar").toString());
        assertEquals(2, unreadable.exit(), unreadable.toString());
        assertTrue(unreadable.err().startsWith(dir.resolve("missing.jar") + ": cannot read: no such file"), unreadable.toString());
    }

    @Test
    void check_theTestPolicy_isValid() throws Exception {
        Result result = charter("check", Jvm.POLICY.toString());
        assertTrue(result.exit() == 0 || result.exit() == 1, result.toString());
        assertTrue(result.out().startsWith(Jvm.POLICY + ": valid ("), result.toString());
    }

    @Test
    void explain_delegateOutsideItsResources_isDeniedWithTheRule() throws Exception {
        Result result = charter("explain", Jvm.POLICY.toString(), "agent:refund-bot", "payments:refund", "order/US-1");
        assertEquals(1, result.exit(), result.toString());
        assertTrue(result.out().startsWith("DENY agent:refund-bot payments:refund on order/US-1: resource not granted ("
                + Jvm.POLICY + ":11)"), result.toString());
    }

    @Test
    void explain_spend_showsTheLimitsAndExitsByThem() throws Exception {
        Result within = charter("explain", POLICY.toString(), "agent:invoicer", "billing:invoice", "customer/eu/7", "--spend", "250");
        assertEquals(0, within.exit(), within.toString());
        assertEquals("ALLOW agent:invoicer billing:invoice on customer/eu/7: granted (" + POLICY + ":11)\n"
                + "  agent:invoicer: granted (" + POLICY + ":11)\n"
                + "  on behalf of user:ops: granted (" + POLICY + ":6)\n"
                + "with spend 250:\n"
                + "  agent:invoicer (" + POLICY + ":11): max-per-call 1000; budget 20000/1d\n"
                + "  user:ops (" + POLICY + ":6): no limits\n"
                + "ALLOW with spend 250: granted (" + POLICY + ":11)\n", within.out());

        Result over = charter("explain", POLICY.toString(), "agent:invoicer", "billing:invoice", "customer/eu/7", "--spend", "5000");
        assertEquals(1, over.exit(), over.toString());
        assertTrue(over.out().endsWith("DENY with spend 5000: max-per-call 1000 exceeded: 5000 asked (" + POLICY + ":11);"
                + " allowed: at most 1000 per call\n"),
                over.toString());

        Result deferred = charter("explain", POLICY.toString(), "user:ops", "billing:refund", "customer/1", "--spend", "150");
        assertEquals(3, deferred.exit(), deferred.toString());
        assertTrue(deferred.out().endsWith("DEFER with spend 150: deferred for approval (spend over 100): the governor"
                + " approves or refuses (" + POLICY + ":17); allowed: up to 100 without approval\n"),
                deferred.toString());

        Result bad = charter("explain", POLICY.toString(), "user:ops", "billing:refund", "--spend", "lots");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("--spend: 'lots' is not a number"), bad.toString());
    }

    @Test
    void help_printsUsageOfEveryCommand_exit0() throws Exception {
        Result result = charter("--help");
        assertEquals(0, result.exit(), result.toString());
        for (String command : List.of("check", "explain", "test", "diff", "help")) {
            assertTrue(result.out().contains("\n  " + command + " "), result.toString());
        }
    }

    @Test
    void test_theSamplesCases_allPass() throws Exception {
        Result result = charter("test", SAMPLE_POLICY.toString(), Path.of("..", "sample-app", "cases.yaml").toString());
        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.out().matches("[1-9][0-9]* passed, 0 failed\n"), result.toString());
    }

    @Test
    void test_aCaseTheSamplePolicyBreaks_failsWithItsLine() throws Exception {
        Path cases = Files.writeString(dir.resolve("cases.yaml"), """
                cases:
                  - name: the refund desk refunds a US order
                    identity: agent:refund-bot
                    scope: payments:refund
                    resource: order/US-7
                    expect: allow
                """);
        Result result = charter("test", SAMPLE_POLICY.toString(), cases.toString());
        assertEquals(1, result.exit(), result.toString());
        assertTrue(result.out().startsWith(cases + ":2: the refund desk refunds a US order: expected allow, got deny: "
                + "resource not granted"), result.toString());
        assertTrue(result.out().endsWith("\n0 passed, 1 failed\n"), result.toString());
    }

    @Test
    void diff_widerSamplePolicy_exit1_andTheSameOne_exit0() throws Exception {
        String sample = Files.readString(SAMPLE_POLICY);
        Path wider = Files.writeString(dir.resolve("wider.yaml"), sample.replace("resources: [\"order/EU-*\"]",
                "resources: [\"order/*\"]"));
        Result widens = charter("diff", SAMPLE_POLICY.toString(), wider.toString(), "--scan", SAMPLE_CLASSES.toString());
        assertEquals(1, widens.exit(), widens.toString());
        assertTrue(widens.out().startsWith("+ agent:refund-bot may now 'payments:refund' on order/*, e.g. payments:refund on"),
                widens.toString());
        Result same = charter("diff", SAMPLE_POLICY.toString(), SAMPLE_POLICY.toString());
        assertEquals(0, same.exit(), same.toString());
        assertTrue(same.out().endsWith(": does not widen; no changes\n"), same.toString());
    }

    @Test
    void check_sarif_isOneLogWithAResultPerFinding() throws Exception {
        Result result = charter("check", POLICY.toString(), "--scan", CLASSES.toString(), "--format", "sarif");
        assertEquals(1, result.exit(), result.toString());
        JsonNode log = JSON.readTree(result.out());
        assertEquals("2.1.0", log.get("version").asText());
        JsonNode run = log.get("runs").get(0);
        assertTrue(run.get("tool").get("driver").get("version").asText().startsWith(System.getProperty("charter.version")),
                result.toString());
        assertTrue(run.get("results").size() > 0, result.toString());
        for (JsonNode each : run.get("results")) {
            assertTrue(each.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt() > 0,
                    each.toString());
        }
    }
}
