package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.app.passport.PassportBind;
import dev.charter.it.app.passport.PassportMint;
import dev.charter.it.support.Jvm;
import dev.charter.it.support.Passports;
import dev.charter.it.support.TestIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passports minted in one JVM and bound in another, each with its own policy and the real agent jar. */
class PassportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String claims(String issuer, String audience, long issuedAt, long expires, String subject, String actor) {
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"iat\":" + issuedAt + ",\"exp\":" + expires
                + ",\"jti\":\"t-" + expires + "\",\"sub\":\"" + subject + "\",\"act\":{\"sub\":\"" + actor + "\"}}";
    }

    @Test
    void passport_mintedInOneJvm_isCheckedAndBoundInAnother() throws Exception {
        Jvm.Result minted = Passports.sender().run(PassportMint.class);
        assertEquals(0, minted.exit(), minted::toString);
        assertTrue(minted.outcome("unbound").startsWith("DENIED unbound thread may not charter:passport on \"svc:tools\":"
                + " no identity bound on thread 'main'"), minted::toString);
        String good = minted.outcome("good");
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"agent:refund-bot\"", "\"agent:drifted\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        long now = Instant.now().getEpochSecond();
        String expired = TestIssuer.sign(Passports.ORCHESTRATOR_KEY,
                claims("svc:orchestrator", "svc:tools", now - 600, now - 300, "user:alice", "agent:refund-bot"));
        String stranger = TestIssuer.sign(Passports.STRANGER_KEY,
                claims("svc:stranger", "svc:tools", now, now + 60, "user:alice", "agent:refund-bot"));

        Path audit = dir.resolve("bind-audit.jsonl");
        Jvm.Result bound = Passports.receiver(audit).run(PassportBind.class, "good=" + good, "session=" + minted.outcome("session"),
                "tampered=" + tampered, "expired=" + expired, "audience=" + minted.outcome("audience"),
                "stranger=" + stranger, "drifted=" + minted.outcome("drifted"));
        assertEquals(0, bound.exit(), bound::toString);

        for (String time : List.of("good", "good.again")) {
            assertEquals("agent:refund-bot", bound.outcome(time + ".current"), bound::toString);
            assertEquals("ALLOWED as agent:refund-bot", bound.outcome(time + ".refund-eu"));
            assertTrue(bound.outcome(time + ".refund-us").startsWith("DENIED agent:refund-bot may not payments:refund"),
                    bound::toString);
            assertEquals("ALLOWED as agent:refund-bot", bound.outcome(time + ".report"));
            assertEquals("none", bound.outcome(time + ".after"));
        }
        assertEquals("agent:refund-bot/session:desk", bound.outcome("session.current"));
        assertEquals("ALLOWED as agent:refund-bot/session:desk", bound.outcome("session.refund-eu"));
        assertTrue(bound.outcome("session.report").contains("not among the session's scopes"), bound::toString);

        String refused = "DENIED unbound thread may not charter:passport";
        assertTrue(bound.outcome("tampered").startsWith(refused), bound::toString);
        assertTrue(bound.outcome("tampered").endsWith(": bad signature"), bound::toString);
        assertTrue(bound.outcome("expired").endsWith(": expired at " + Instant.ofEpochSecond(now - 300)), bound::toString);
        assertTrue(bound.outcome("audience").endsWith(": audience svc:x is not this service (svc:tools)"), bound::toString);
        assertTrue(bound.outcome("stranger").endsWith(": unknown issuer svc:stranger"), bound::toString);
        assertTrue(bound.outcome("drifted").endsWith(": chain does not match the policy: agent:drifted acts on behalf of"
                + " user:bob here, the passport says on behalf of user:alice"), bound::toString);

        List<String> reasons = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            JsonNode record = JSON.readTree(line);
            if (record.path("scope").asText().equals("charter:passport")) {
                assertEquals("deny", record.get("decision").asText());
                reasons.add(record.get("reason").asText().replaceAll(" at .*| svc:.*|: agent:.*", ""));
            }
        }
        // each refused passport twice: it is never cached
        assertEquals(List.of("bad signature", "bad signature", "expired", "expired", "audience", "audience",
                "unknown issuer", "unknown issuer", "chain does not match the policy", "chain does not match the policy"),
                reasons);
    }
}
