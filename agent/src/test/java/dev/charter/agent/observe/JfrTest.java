package dev.charter.agent.observe;

import static dev.charter.agent.observe.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flight Recorder events, read back from a recording as {@code jfr print} or JMC would. */
class JfrTest {

    @TempDir
    Path dir;

    @Test
    void decision_isAnEventWithEveryFact() throws IOException {
        ObservedLog log = new ObservedLog(new Records.Kept(), false);
        List<RecordedEvent> events = recorded(() -> log.decision(record("deny", "payments:refund")));
        RecordedEvent event = only(events, "dev.charter.Decision");
        assertEquals("agent:refund-bot", event.getString("identity"));
        assertEquals("user:alice", event.getString("chain"));
        assertEquals("payments:refund", event.getString("scope"));
        assertEquals("order/US-1", event.getString("resource"));
        assertEquals("12.50", event.getString("spend"));
        assertEquals("deny", event.getString("decision"));
        assertEquals("resource not granted", event.getString("reason"));
        assertEquals("charter.yaml:11", event.getString("rule"));
        assertEquals("com.acme.Refunds#refund(java.lang.String,java.math.BigDecimal)", event.getString("method"));
        assertEquals(Thread.currentThread().getName(), event.getThread().getJavaName());
        assertEquals("Charter", event.getEventType().getCategoryNames().get(0));
    }

    @Test
    void auditWriteFailed_isAnEvent() throws IOException {
        ObservedLog log = new ObservedLog(new Records.Kept(), false);
        List<RecordedEvent> events = recorded(() -> log.writeFailed("audit.jsonl",
                "cannot write the audit log audit.jsonl: No space left on device", 3, 1));
        RecordedEvent event = only(events, "dev.charter.AuditWriteFailed");
        assertEquals("audit.jsonl", event.getString("file"));
        assertEquals("cannot write the audit log audit.jsonl: No space left on device", event.getString("problem"));
        assertEquals(3, event.getInt("waiting"));
        assertEquals(1, event.getLong("lost"));
    }

    @Test
    void policyLoadedAndRejected_areEvents() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "abc");
        ObservedLog log = new ObservedLog(new Records.Kept(), false);
        List<RecordedEvent> events = recorded(() -> {
            log.policyLoaded(file.toString(), "enforce", 2);
            log.policyLoaded(file.toString(), "audit", 3);
            log.policyRejected(file.toString(), file + ":1:10: version 2 is not supported");
        });
        List<RecordedEvent> loads = all(events, "dev.charter.PolicyLoaded");
        assertEquals(2, loads.size());
        assertEquals(file.toString(), loads.get(1).getString("file"));
        assertEquals("ba7816bf8f01", loads.get(1).getString("version"));
        assertEquals("audit", loads.get(1).getString("mode"));
        assertEquals(3, loads.get(1).getInt("identities"));
        assertEquals(1, loads.get(1).getLong("reloads"));
        RecordedEvent rejected = only(events, "dev.charter.PolicyRejected");
        assertEquals(file + ":1:10: version 2 is not supported", rejected.getString("problem"));
    }

    @Test
    void policyInForce_isDescribedInEveryChunk() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "abc");
        ObservedLog log = new ObservedLog(new Records.Kept(), true);
        log.policyLoaded(file.toString(), "enforce", 2);
        Jfr.describeEveryChunk((Status) log.status());
        List<RecordedEvent> events = recorded(() -> { });
        List<RecordedEvent> described = all(events, "dev.charter.Policy");
        assertTrue(!described.isEmpty(), events::toString);
        RecordedEvent policy = described.get(described.size() - 1);
        assertEquals(file.toString(), policy.getString("file"));
        assertEquals("ba7816bf8f01", policy.getString("version"));
        assertEquals(true, policy.getBoolean("allowsCounted"));
    }

    private List<RecordedEvent> recorded(Runnable action) throws IOException {
        Path out = dir.resolve("recording.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("Decision", "PolicyLoaded", "PolicyRejected", "Policy")) {
                recording.enable("dev.charter." + name);
            }
            recording.start();
            action.run();
            recording.stop();
            recording.dump(out);
        }
        return RecordingFile.readAllEvents(out);
    }

    private static List<RecordedEvent> all(List<RecordedEvent> events, String name) {
        return events.stream().filter(event -> event.getEventType().getName().equals(name)).toList();
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> found = all(events, name);
        assertEquals(1, found.size(), () -> name + " in " + events);
        return found.get(0);
    }
}
