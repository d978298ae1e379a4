package dev.charter.agent.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class JwsTest {

    private static final String EDDSA = b64("{\"alg\":\"EdDSA\"}");
    private static final String CLAIMS = b64("{\"iss\":\"svc:a\",\"aud\":\"svc:b\",\"iat\":1,\"exp\":2,\"jti\":\"j\",\"sub\":\"user:x\"}");

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "malformed passport: expected header.payload.signature"),
                Arguments.of("garbage", "malformed passport: expected header.payload.signature"),
                Arguments.of("a.b.c.d", "malformed passport: expected header.payload.signature"),
                Arguments.of("a.b", "malformed passport: expected header.payload.signature"),
                Arguments.of("!!.b.c", "malformed passport: header is not unpadded base64url"),
                Arguments.of(EDDSA + "=." + CLAIMS + ".AA", "malformed passport: header is not unpadded base64url"),
                Arguments.of(b64("{\"alg\":\"none\"}") + "." + CLAIMS + ".AA", "unsupported alg (only EdDSA is accepted)"),
                Arguments.of(b64("{\"alg\":\"HS256\"}") + "." + CLAIMS + ".AA", "unsupported alg (only EdDSA is accepted)"),
                Arguments.of(b64("{\"alg\":\"EdDSA\",\"crit\":[\"x\"]}") + "." + CLAIMS + ".AA",
                        "malformed passport: header has crit extensions this service does not understand"),
                Arguments.of(b64("[1]") + "." + CLAIMS + ".AA", "malformed passport: header is not a JSON object"),
                Arguments.of(b64("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}") + "." + CLAIMS + ".AA",
                        "malformed passport: header is not JSON: duplicate key at offset 28"),
                Arguments.of(b64("{\"alg\": [") + "." + CLAIMS + ".AA",
                        "malformed passport: header is not JSON: a value is missing at offset 9"),
                Arguments.of(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})
                        + "." + CLAIMS + ".AA", "malformed passport: header is not UTF-8"),
                Arguments.of(EDDSA + "." + CLAIMS + ".", "malformed passport: signature is not unpadded base64url"),
                Arguments.of("x".repeat(Jws.MAX_LENGTH + 1), "malformed passport: longer than 8192 characters"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformed")
    void parse_malformed_isRefusedWithTheReason(String passport, String reason) {
        assertEquals(reason, assertThrows(Refusal.class, () -> Jws.parse(passport)).reason());
    }

    static Stream<Arguments> badClaims() {
        return Stream.of(
                Arguments.of("{\"aud\":\"b\",\"iat\":1,\"exp\":2,\"jti\":\"j\",\"sub\":\"s\"}", "claim iss must be a non-empty string"),
                Arguments.of("{\"iss\":\"a\",\"aud\":[\"b\",\"c\"],\"iat\":1,\"exp\":2,\"jti\":\"j\",\"sub\":\"s\"}", "claim aud must be one audience"),
                Arguments.of("{\"iss\":\"a\",\"aud\":\"b\",\"iat\":\"1\",\"exp\":2,\"jti\":\"j\",\"sub\":\"s\"}", "claim iat must be whole seconds since the epoch"),
                Arguments.of("{\"iss\":\"a\",\"aud\":\"b\",\"iat\":1,\"exp\":2.5,\"jti\":\"j\",\"sub\":\"s\"}", "claim exp must be whole seconds since the epoch"),
                Arguments.of("{\"iss\":\"a\",\"aud\":\"b\",\"iat\":1,\"exp\":2,\"jti\":\"j\",\"sub\":\"s\",\"act\":\"x\"}",
                        "claim act must be a nested object of at most 32 actors"),
                Arguments.of("{\"iss\":\"a\",\"aud\":\"b\",\"iat\":1,\"exp\":2,\"jti\":\"j\",\"sub\":\"s\",\"act\":{\"sub\":\"t\",\"act\":{\"sub\":\"u\",\"scope\":\"x\"}}}",
                        "only the outermost actor may carry a scope"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badClaims")
    void claims_wrongShape_isRefused(String json, String reason) throws Refusal {
        Jws.Parts parts = Jws.parse(EDDSA + "." + b64(json) + ".AA");
        assertEquals("malformed passport: " + reason, assertThrows(Refusal.class, () -> Claims.of(parts.payload())).reason());
    }

    @Test
    void signAndVerify_roundTrip_andAnyChangedByteFails() throws Refusal {
        String passport = Jws.sign("{\"sub\":\"user:x\"}", Fixture.ORCHESTRATOR.getPrivate());
        assertTrue(Jws.verify(Jws.parse(passport), Fixture.ORCHESTRATOR.getPublic()));
        assertFalse(Jws.verify(Jws.parse(passport), Fixture.STRANGER.getPublic()));
        int at = passport.length() - 10;
        String changed = passport.substring(0, at) + (passport.charAt(at) == 'A' ? 'B' : 'A') + passport.substring(at + 1);
        assertFalse(Jws.verify(Jws.parse(changed), Fixture.ORCHESTRATOR.getPublic()));
        // the last character of 64 bytes carries 2 bits: its other spellings are refused, not verified
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = passport.charAt(passport.length() - 1);
        String respelled = passport.substring(0, passport.length() - 1) + alphabet.charAt(alphabet.indexOf(last) + 1);
        assertEquals("malformed passport: signature is not canonical base64url",
                assertThrows(Refusal.class, () -> Jws.parse(respelled)).reason());
    }

    @Test
    void claims_chainReadBack_isTheChainWritten() throws Refusal {
        Claims written = new Claims("svc:a", "svc:b", java.time.Instant.ofEpochSecond(10), java.time.Instant.ofEpochSecond(20),
                "j", java.util.List.of("agent:x/session:s", "agent:x", "team:y", "user:z"), java.util.List.of("a:b", "c:*"));
        Jws.Parts parts = Jws.parse(Jws.sign(written.toJson(), Fixture.ORCHESTRATOR.getPrivate()));
        assertEquals(written, Claims.of(parts.payload()));
    }
}
