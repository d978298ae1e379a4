package dev.charter.agent.passport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * JWS compact serialization (RFC 7515) with {@code alg} {@code EdDSA} over Ed25519, the JDK's own.
 * Header and claims must be strict UTF-8 and strict JSON ({@link Json}), sizes bounded.
 */
final class Jws {

    /** The longest passport read at all: a chain of identities is a few hundred bytes. */
    static final int MAX_LENGTH = 8192;
    private static final String HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    /** A passport split and decoded, its signature not yet checked. */
    record Parts(String signed, Map<?, ?> header, Map<?, ?> payload, byte[] signature) {
    }

    private Jws() {
    }

    /** Signs {@code payload} (JSON) with {@code key}: {@code header.payload.signature}. */
    static String sign(String payload, PrivateKey key) {
        String signed = HEADER + "." + base64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /**
     * Splits and decodes a passport; refuses what is not a JWS of {@code alg} {@code EdDSA}.
     *
     * @throws Refusal "malformed passport: ..." or "unsupported alg ..."
     */
    static Parts parse(String passport) throws Refusal {
        if (passport.length() > MAX_LENGTH) {
            throw Refusal.malformed("longer than " + MAX_LENGTH + " characters");
        }
        int first = passport.indexOf('.');
        int second = passport.indexOf('.', first + 1);
        if (first < 0 || second < 0 || passport.indexOf('.', second + 1) >= 0) {
            throw Refusal.malformed("expected header.payload.signature");
        }
        Map<?, ?> header = json(decode(passport.substring(0, first), "header"), "header");
        if (!"EdDSA".equals(header.get("alg"))) {
            throw new Refusal("unsupported alg (only EdDSA is accepted)", null);
        }
        if (header.containsKey("crit")) {
            throw Refusal.malformed("header has crit extensions this service does not understand");
        }
        Map<?, ?> payload = json(decode(passport.substring(first + 1, second), "payload"), "payload");
        byte[] signature = decode(passport.substring(second + 1), "signature");
        return new Parts(passport.substring(0, second), header, payload, signature);
    }

    /** Whether {@code parts} were signed by {@code key}. */
    static boolean verify(Parts parts, PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(parts.signed().getBytes(StandardCharsets.US_ASCII));
            return ed25519.verify(parts.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] decode(String part, String name) throws Refusal {
        if (part.isEmpty() || part.indexOf('=') >= 0) {
            throw Refusal.malformed(name + " is not unpadded base64url");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw Refusal.malformed(name + " is not unpadded base64url");
        }
        // the decoder ignores a last character's unused bits: one passport must have one spelling
        if (!base64(bytes).equals(part)) {
            throw Refusal.malformed(name + " is not canonical base64url");
        }
        return bytes;
    }

    private static Map<?, ?> json(byte[] utf8, String name) throws Refusal {
        Object value;
        try {
            value = Json.read(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString());
        } catch (CharacterCodingException e) {
            throw Refusal.malformed(name + " is not UTF-8");
        } catch (IllegalArgumentException e) {
            throw Refusal.malformed(name + " is not JSON: " + e.getMessage());
        }
        if (value instanceof Map<?, ?> object) {
            return object;
        }
        throw Refusal.malformed(name + " is not a JSON object");
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
