package dev.charter.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.ScopeViolation;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.passport.PassportOffice;
import dev.charter.agent.passport.Revocations;
import dev.charter.agent.policy.Policy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused passport is counted over JMX and sent to Flight Recorder, like any refusal. */
class PassportObservedTest {

    @TempDir
    Path dir;

    @Test
    void refusedPassport_isCountedAndAnEvent() throws Exception {
        ObservedLog log = new ObservedLog(new Records.Kept(), false);
        PolicyEnforcer enforcer = new PolicyEnforcer(Policy.parse("version: 1\nidentities: {}\ntrust:\n", "charter.yaml"),
                null, false, new Actions(), log, Clock.systemUTC(), new InMemoryLedger(), Duration.ofSeconds(1));
        PassportOffice office = new PassportOffice(enforcer, log, Clock.systemUTC(), null, null, "svc:tools",
                Revocations.NONE);
        Path out = dir.resolve("recording.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.charter.Decision");
            recording.start();
            assertThrows(ScopeViolation.class, () -> office.admit("garbage", null));
            recording.stop();
            recording.dump(out);
        }
        assertEquals(Map.of(PassportOffice.SCOPE, 1L), log.status().getDenyCounts());
        List<RecordedEvent> events = RecordingFile.readAllEvents(out).stream()
                .filter(event -> event.getEventType().getName().equals("dev.charter.Decision")).toList();
        assertEquals(1, events.size());
        assertEquals(PassportOffice.SCOPE, events.get(0).getString("scope"));
        assertEquals("deny", events.get(0).getString("decision"));
        assertEquals("malformed passport: expected header.payload.signature", events.get(0).getString("reason"));
    }
}
