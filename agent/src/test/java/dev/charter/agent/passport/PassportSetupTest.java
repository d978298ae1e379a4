package dev.charter.agent.passport;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passports start only when asked for, and a configuration that cannot work stops the agent. */
class PassportSetupTest {

    @TempDir
    Path dir;

    private static PassportOffice prepare(String trust, String issuer, Path key, String audience, boolean onBootstrap)
            throws Exception {
        Policy policy = Policy.parse("version: 1\nidentities: {}\n" + trust, "charter.yaml");
        RecordingLog log = new RecordingLog();
        PolicyEnforcer enforcer = new PolicyEnforcer(policy, null, false, new Actions(), log, Clock.systemUTC(),
                new InMemoryLedger(), Duration.ofSeconds(1));
        return PassportSetup.prepare(issuer, key, audience, policy, enforcer, log, Revocations.NONE, onBootstrap);
    }

    @Test
    void nothingAskedFor_startsNothing() throws Exception {
        assertNull(prepare("", null, null, null, true));
    }

    @Test
    void issuersWithoutAudience_stop() {
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> prepare(Fixture.trust(), null, null, null, true));
        assertTrue(stop.getMessage().contains("give the audience option"), stop.getMessage());
    }

    @Test
    void propagateWithoutIssuer_stops() {
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> prepare(
                "trust:\n  propagate:\n    - to: \"http://localhost:*/**\"\n      audience: svc:x\n", null, null, null, true));
        assertTrue(stop.getMessage().contains("charter.yaml:5) sends passports: give the issuer and signing-key"),
                stop.getMessage());
    }

    @Test
    void attachedLate_stops() {
        assertThrows(IllegalStateException.class, () -> prepare("", null, null, "svc:x", false));
    }

    @Test
    void unreadableOrWrongKey_stops() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("x.key"), "hello");
        IOException wrong = assertThrows(IOException.class, () -> prepare("", "svc:x", notAKey, null, true));
        assertTrue(wrong.getMessage().contains("is not PKCS#8 PEM"), wrong.getMessage());
        assertThrows(IOException.class, () -> prepare("", "svc:x", dir.resolve("missing.key"), null, true));
    }

    @Test
    void issuerWithKey_starts() throws Exception {
        Path key = Files.writeString(dir.resolve("o.key"), Keys.pem(Fixture.ORCHESTRATOR.getPrivate()));
        assertNotNull(prepare("", "svc:orchestrator", key, null, true));
    }
}
