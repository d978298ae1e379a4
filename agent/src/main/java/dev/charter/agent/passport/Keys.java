package dev.charter.agent.passport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys as Charter writes and reads them: the private key as PKCS#8 PEM, the public key as base64 SPKI. */
public final class Keys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private Keys() {
    }

    /** A new Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519: " + e.getMessage(), e);
        }
    }

    /** {@code key} as PKCS#8 PEM text. */
    public static String pem(PrivateKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + END + "\n";
    }

    /** {@code key} as the policy's {@code trust.issuers} holds it: X.509 SubjectPublicKeyInfo, base64. */
    public static String spki(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads an Ed25519 private key from a PKCS#8 PEM file.
     *
     * @throws IOException if the file cannot be read or holds no such key; the message says which
     */
    public static PrivateKey readPrivate(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the signing key " + file + ": " + e.getMessage(), e);
        }
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IOException("the signing key " + file + " is not PKCS#8 PEM (" + BEGIN + " ... " + END + ")");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException("the signing key " + file + " is not an Ed25519 private key in PKCS#8 PEM", e);
        }
    }
}
