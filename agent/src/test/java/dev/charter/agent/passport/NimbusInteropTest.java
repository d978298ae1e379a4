package dev.charter.agent.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Passports are standard JWTs: Nimbus JOSE+JWT reads Charter's, and Charter accepts one Nimbus signs. */
class NimbusInteropTest {

    /** What precedes the 32 raw bytes of an Ed25519 key in its X.509 SubjectPublicKeyInfo (RFC 8410). */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final Fixture.MovingClock clock = new Fixture.MovingClock(Instant.now());

    @Test
    void nimbus_readsAndVerifiesCharterPassport() throws Exception {
        String passport = Fixture.sender(clock).office.mint("agent:refund-bot", "svc:tools", Duration.ofMinutes(5));
        SignedJWT jwt = SignedJWT.parse(passport);
        byte[] spki = Fixture.ORCHESTRATOR.getPublic().getEncoded();
        OctetKeyPair key = new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length))).build();

        assertEquals(JWSAlgorithm.EdDSA, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new Ed25519Verifier(key)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("svc:orchestrator", claims.getIssuer());
        assertEquals(List.of("svc:tools"), claims.getAudience());
        assertEquals("user:alice", claims.getSubject());
        assertEquals(Map.of("sub", "agent:refund-bot"), claims.getJSONObjectClaim("act"));
        assertEquals(Duration.ofMinutes(5).toMillis(),
                claims.getExpirationTime().getTime() - claims.getIssueTime().getTime());
        assertTrue(claims.getJWTID().length() >= 16);
    }

    @Test
    void charter_acceptsPassportSignedByNimbus() throws Exception {
        OctetKeyPair nimbusKey = new OctetKeyPairGenerator(Curve.Ed25519).generate();
        byte[] raw = nimbusKey.getX().decode();
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        String policy = "version: 1\n" + Fixture.IDENTITIES
                + "trust:\n  issuers:\n    svc:nimbus: \"" + Base64.getEncoder().encodeToString(spki) + "\"\n";
        PolicyEnforcer enforcer = new PolicyEnforcer(Policy.parse(policy, "charter.yaml"), null, false, new Actions(),
                new RecordingLog(), clock, new InMemoryLedger(), Duration.ofSeconds(5));
        PassportOffice receiver = new PassportOffice(enforcer, new RecordingLog(), clock, null, null, "svc:tools",
                Revocations.NONE);

        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.EdDSA), new JWTClaimsSet.Builder()
                .issuer("svc:nimbus")
                .audience("svc:tools")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID("nimbus-1")
                .subject("user:alice")
                .claim("act", Map.of("sub", "agent:refund-bot"))
                .build());
        jwt.sign(new Ed25519Signer(nimbusKey));

        assertEquals("agent:refund-bot", receiver.admit(jwt.serialize(), null));
    }
}
