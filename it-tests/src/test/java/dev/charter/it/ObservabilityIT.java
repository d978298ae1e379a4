package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Counted;
import dev.charter.it.app.Scenarios;
import dev.charter.it.support.Jvm;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent shows of itself: Flight Recorder events, the JMX MBean, and the policy's JSON Schema in its jar. */
class ObservabilityIT {

    private static final String[] SCENARIOS = {"alice-refund", "bot-eu", "bot-us", "chain3-us", "unbound-refund"};

    @TempDir
    Path dir;

    @Test
    void recording_holdsEveryDenial_withIdentityScopeAndRule() throws Exception {
        List<RecordedEvent> events = record("", SCENARIOS);
        List<RecordedEvent> decisions = named(events, "dev.charter.Decision");
        assertEquals(List.of("deny", "deny", "deny"), decisions.stream().map(e -> e.getString("decision")).toList(),
                "the three denials; the allowed calls took the fast path, unrecorded");

        RecordedEvent botUs = decisions.get(0);
        assertEquals("agent:refund-bot", botUs.getString("identity"));
        assertEquals("user:alice", botUs.getString("chain"));
        assertEquals("payments:refund", botUs.getString("scope"));
        assertEquals("order/US-1", botUs.getString("resource"));
        assertEquals("5", botUs.getString("spend"));
        assertEquals("resource not granted", botUs.getString("reason"));
        assertEquals(Jvm.POLICY + ":11", botUs.getString("rule"));
        assertEquals("dev.charter.it.app.Payments#refund(java.lang.String,long)", botUs.getString("method"));
        assertEquals("main", botUs.getThread().getJavaName());

        RecordedEvent chain = decisions.get(1);
        assertEquals("agent:sub-bot", chain.getString("identity"));
        assertEquals("agent:refund-bot -> user:alice", chain.getString("chain"));
        assertEquals(Jvm.POLICY + ":18", chain.getString("rule"));

        RecordedEvent unbound = decisions.get(2);
        assertNull(unbound.getString("identity"));
        assertNull(unbound.getString("rule"));
        assertTrue(unbound.getString("reason").startsWith("no identity bound on thread 'main'"), unbound::toString);
    }

    @Test
    void recording_withAuditAllows_holdsTheAllowedCallsToo() throws Exception {
        List<RecordedEvent> decisions = named(record("audit-allows=true", SCENARIOS), "dev.charter.Decision");
        assertEquals(List.of("allow", "allow", "deny", "deny", "deny"),
                decisions.stream().map(e -> e.getString("decision")).toList());
        assertEquals("user:alice", decisions.get(0).getString("identity"));
        assertEquals(Jvm.POLICY + ":5", decisions.get(0).getString("rule"));
    }

    @Test
    void recording_namesThePolicyInForce() throws Exception {
        List<RecordedEvent> policies = named(record("", "alice-refund"), "dev.charter.Policy");
        assertTrue(!policies.isEmpty(), "no dev.charter.Policy event");
        RecordedEvent policy = policies.get(policies.size() - 1);
        assertEquals(Jvm.POLICY.toString(), policy.getString("file"));
        assertEquals(version(Jvm.POLICY), policy.getString("version"));
        assertEquals("enforce", policy.getString("mode"));
        assertEquals(5, policy.getInt("identities"));
        assertEquals(0, policy.getLong("reloads"));
    }

    @Test
    void mbean_countsEveryCall_withAuditAllows() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit-allows=true").run(Counted.class, "7", "3");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("3", run.outcome("refused"), run::toString);
        assertEquals("true", run.outcome("AllowsCounted"), run::toString);
        assertEquals("{payments:refund=7}", run.outcome("AllowCounts"), run::toString);
        assertEquals("{payments:refund=3}", run.outcome("DenyCounts"), run::toString);
        assertEquals("{}", run.outcome("DeferCounts"), run::toString);
        assertEquals(Jvm.POLICY.toString(), run.outcome("PolicyFile"), run::toString);
        assertEquals(version(Jvm.POLICY), run.outcome("PolicyVersion"), run::toString);
        assertEquals("enforce", run.outcome("Mode"), run::toString);
        assertEquals("5", run.outcome("Identities"), run::toString);
        assertEquals("0", run.outcome("Reloads"), run::toString);
        assertEquals("0", run.outcome("Rejections"), run::toString);
    }

    @Test
    void mbean_withoutAuditAllows_countsDenials_andSaysAllowsAreNotCounted() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY).run(Counted.class, "7", "3");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("false", run.outcome("AllowsCounted"), run::toString);
        assertEquals("{}", run.outcome("AllowCounts"), run::toString);
        assertEquals("{payments:refund=3}", run.outcome("DenyCounts"), run::toString);
    }

    /** The agent creates neither: the MBean server costs ~150 ms and starts java.util.logging; JFR, a few hundred. */
    @Test
    void agent_createsNoMBeanServer_andStartsNoFlightRecorder() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY).run(Counted.class, "1", "1");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("0", run.outcome("mbean-servers-at-main"), run::toString);
        assertEquals("false", run.outcome("jfr-initialized"), run::toString);
        assertEquals("{payments:refund=1}", run.outcome("DenyCounts"), run::toString);
    }

    @Test
    void agentJar_shipsThePolicySchema() throws Exception {
        Path docs = Path.of("..", "docs", "charter-policy.schema.json");
        try (JarFile jar = new JarFile(Jvm.AGENT.toFile())) {
            ZipEntry schema = jar.getEntry("dev/charter/agent/charter-policy.schema.json");
            assertNotNull(schema, "no schema in the agent jar");
            try (InputStream in = jar.getInputStream(schema)) {
                assertArrayEquals(Files.readAllBytes(docs), in.readAllBytes());
            }
        }
    }

    private List<RecordedEvent> record(String options, String... scenarios) throws Exception {
        Path recording = dir.resolve("charter.jfr");
        Jvm.Result run = Jvm.fork()
                .withCharter("policy=" + Jvm.POLICY + (options.isEmpty() ? "" : "," + options))
                .option("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true")
                .run(Scenarios.class, scenarios);
        assertEquals(0, run.exit(), run::toString);
        assertTrue(Files.size(recording) > 0, run::toString);
        return RecordingFile.readAllEvents(recording);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name))
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime())).toList();
    }

    private static String version(Path policy) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(policy));
        return HexFormat.of().formatHex(digest, 0, 6);
    }
}
