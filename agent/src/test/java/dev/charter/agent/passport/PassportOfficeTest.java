package dev.charter.agent.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassportOfficeTest {

    private final Fixture.MovingClock clock = new Fixture.MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Fixture sender = Fixture.sender(clock);
    private final Fixture receiver = Fixture.receiver(clock, Revocations.NONE);

    PassportOfficeTest() throws Exception {
    }

    private String refundBotPassport() {
        return sender.office.mint("agent:refund-bot", "svc:tools", Duration.ofMinutes(5));
    }

    private ScopeViolation refused(String passport) {
        return assertThrows(ScopeViolation.class, () -> receiver.office.admit(passport, null));
    }

    @Test
    void admit_mintedBySender_namesTheBoundIdentity() {
        assertEquals("agent:refund-bot", receiver.office.admit(refundBotPassport(), null));
        assertEquals(List.of(), receiver.log.decisions);
    }

    @Test
    void mint_carriesTheChainInRfc8693Shape() {
        String payload = new String(Base64.getUrlDecoder().decode(refundBotPassport().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(payload.startsWith("{\"iss\":\"svc:orchestrator\",\"aud\":\"svc:tools\",\"iat\":1796119200,"
                + "\"exp\":1796119500,\"jti\":\""), payload);
        assertTrue(payload.endsWith("\"sub\":\"user:alice\",\"act\":{\"sub\":\"agent:refund-bot\"}}"), payload);
    }

    @Test
    void admit_tampered_isBadSignature() {
        String[] parts = refundBotPassport().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("agent:refund-bot", "agent:pricing-bot");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        ScopeViolation refusal = refused(forged);
        assertEquals("bad signature", refusal.getReason());
        assertEquals(PassportOffice.SCOPE, refusal.getScope());
        AuditRecord record = receiver.log.decisions.get(0);
        assertEquals(PassportOffice.SCOPE, record.scope());
        assertEquals("deny", record.decision());
        assertEquals("bad signature", record.reason());
    }

    @Test
    void admit_expired_isRefusedAfterTheSkewOnly() {
        String passport = refundBotPassport();
        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        assertEquals("agent:refund-bot", receiver.office.admit(passport, null));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("expired at 2026-12-01T10:05:00Z", refused(passport).getReason());
    }

    @Test
    void admit_expiredBeforeFirstSeen_isRefused() {
        String passport = refundBotPassport();
        clock.advance(Duration.ofHours(1));
        assertEquals("expired at 2026-12-01T10:05:00Z", refused(passport).getReason());
    }

    @Test
    void admit_issuedInTheFuture_isRefused() {
        clock.advance(Duration.ofMinutes(2));
        String passport = refundBotPassport();
        clock.advance(Duration.ofMinutes(-2));
        assertTrue(refused(passport).getReason().startsWith("issued in the future"));
    }

    @Test
    void admit_otherAudience_namesBoth() {
        String passport = sender.office.mint("agent:refund-bot", "svc:x", Duration.ofMinutes(5));
        assertEquals("audience svc:x is not this service (svc:tools)", refused(passport).getReason());
    }

    @Test
    void admit_unknownIssuer_isRefused() throws Exception {
        PassportOffice stranger = new PassportOffice(sender.enforcer, sender.log, clock, "svc:stranger",
                Fixture.STRANGER.getPrivate(), null, Revocations.NONE);
        ScopeViolation refusal = refused(stranger.mint("agent:refund-bot", "svc:tools", Duration.ofMinutes(1)));
        assertEquals("unknown issuer svc:stranger", refusal.getReason());
    }

    @Test
    void admit_keyOfATrustedNameButNotItsKey_isBadSignature() {
        PassportOffice impostor = new PassportOffice(sender.enforcer, sender.log, clock, "svc:orchestrator",
                Fixture.STRANGER.getPrivate(), null, Revocations.NONE);
        assertEquals("bad signature", refused(impostor.mint("agent:refund-bot", "svc:tools", Duration.ofMinutes(1)))
                .getReason());
    }

    @Test
    void admit_chainTheReceiverDeclaresOtherwise_isRefused() throws Exception {
        Fixture elsewhere = Fixture.receiver(clock, """
                identities:
                  user:bob: {}
                  agent:refund-bot:
                    on-behalf-of: user:bob
                """, Revocations.NONE);
        ScopeViolation refusal = assertThrows(ScopeViolation.class,
                () -> elsewhere.office.admit(refundBotPassport(), null));
        assertEquals("chain does not match the policy: agent:refund-bot acts on behalf of user:bob here,"
                + " the passport says on behalf of user:alice", refusal.getReason());
        assertEquals("agent:refund-bot", refusal.getResource());
        assertEquals(1, elsewhere.log.decisions.size());
    }

    @Test
    void admit_identityNotDeclaredHere_isChainMismatch() throws Exception {
        Fixture elsewhere = Fixture.receiver(clock, "identities:\n  user:alice: {}\n", Revocations.NONE);
        ScopeViolation refusal = assertThrows(ScopeViolation.class,
                () -> elsewhere.office.admit(refundBotPassport(), null));
        assertEquals("chain does not match the policy: agent:refund-bot is not declared here", refusal.getReason());
    }

    @Test
    void admit_revoked_givesTheLedgersReason() throws Exception {
        Fixture revoking = Fixture.receiver(clock, chain -> chain.contains("user:alice") ? "revoked: user:alice (leak)" : null);
        ScopeViolation refusal = assertThrows(ScopeViolation.class,
                () -> revoking.office.admit(refundBotPassport(), null));
        assertEquals("revoked: user:alice (leak)", refusal.getReason());
    }

    @Test
    void admit_cached_isRecheckedAgainstThePolicyInForce() throws Exception {
        String passport = refundBotPassport();
        assertEquals("agent:refund-bot", receiver.office.admit(passport, null));
        receiver.enforcer.reload(Policy.parse("version: 1\n" + Fixture.IDENTITIES
                + "trust:\n  issuers: {}\n", "charter.yaml"));
        assertEquals("unknown issuer svc:orchestrator", refused(passport).getReason());
    }

    @Test
    void admit_session_narrowsToItsScopesHere() throws Exception {
        sender.enforcer.session("agent:refund-bot", "agent:refund-bot/session:t1", Duration.ofMinutes(1),
                List.of("payments:refund"));
        String passport = sender.office.mint("agent:refund-bot/session:t1", "svc:tools", Duration.ofHours(1));
        String payload = new String(Base64.getUrlDecoder().decode(passport.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"exp\":1796119260,"), "capped at the session's end: " + payload);
        assertTrue(payload.endsWith("\"act\":{\"sub\":\"agent:refund-bot/session:t1\",\"scope\":\"payments:refund\","
                + "\"act\":{\"sub\":\"agent:refund-bot\"}}}"), payload);
        assertEquals("agent:refund-bot/session:t1", receiver.office.admit(passport, null));
        PolicyEnforcer.Lineage lineage = receiver.enforcer.lineage("agent:refund-bot/session:t1");
        assertEquals(List.of("agent:refund-bot", "user:alice"), lineage.chain());
        assertEquals(List.of("payments:refund"), lineage.sessionScopes());
    }

    @Test
    void mint_unbound_isRefusedAndRecorded() {
        ScopeViolation refusal = assertThrows(ScopeViolation.class,
                () -> sender.office.mint(null, "svc:tools", Duration.ofMinutes(1)));
        assertTrue(refusal.getReason().startsWith("no identity bound on thread"), refusal.getReason());
        assertEquals(PassportOffice.SCOPE, sender.log.decisions.get(0).scope());
    }

    @Test
    void mint_withoutSigningKey_isRefused() {
        ScopeViolation refusal = assertThrows(ScopeViolation.class,
                () -> receiver.office.mint("agent:refund-bot", "svc:tools", Duration.ofMinutes(1)));
        assertEquals("this JVM signs no passports (start the agent with issuer and signing-key)", refusal.getReason());
    }

    @Test
    void outbound_matchingUrl_reusesThePassportForHalfItsLife() {
        String first = sender.office.outbound("agent:refund-bot", "http://localhost:8080/mcp/tools?x=1");
        assertEquals("agent:refund-bot", receiver.office.admit(first, null));
        clock.advance(Duration.ofSeconds(149));
        assertEquals(first, sender.office.outbound("agent:refund-bot", "http://localhost:9/mcp/other"));
        clock.advance(Duration.ofSeconds(2));
        assertNotEquals(first, sender.office.outbound("agent:refund-bot", "http://localhost:9/mcp/other"));
    }

    @Test
    void outbound_otherUrl_carriesNothing() {
        assertNull(sender.office.outbound("agent:refund-bot", "http://localhost:8080/api/mcp"));
        assertNull(sender.office.outbound("agent:refund-bot", "https://localhost:8080/mcp/x"));
    }
}
