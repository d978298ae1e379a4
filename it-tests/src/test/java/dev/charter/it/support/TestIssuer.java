package dev.charter.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Signs passports of the test's own making with a key that {@code keygen} wrote: for claims no agent would sign. */
public final class TestIssuer {

    private TestIssuer() {
    }

    public static String sign(Path pemKey, String claimsJson) throws Exception {
        String pem = Files.readString(pemKey).replaceAll("-----[A-Z ]+-----", "");
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString("{\"alg\":\"EdDSA\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key);
        ed25519.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + base64.encodeToString(ed25519.sign());
    }
}
