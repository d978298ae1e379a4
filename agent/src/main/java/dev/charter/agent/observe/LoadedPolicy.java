package dev.charter.agent.observe;

import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import dev.charter.agent.policy.Sha256;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * One policy load: the file, the mode, the identities, and the file's bytes as read right after the
 * load, hashed with {@link Sha256} when the version is first asked for (the start-up line asks).
 */
final class LoadedPolicy {

    /** How many hex digits of the SHA-256 a version shows: 48 bits, as short as a git commit's. */
    static final int VERSION_DIGITS = 12;

    final String file;
    final String mode;
    final int identities;
    private final byte[] bytes;
    private volatile String version;

    private LoadedPolicy(String file, String mode, int identities, byte[] bytes) {
        this.file = file;
        this.mode = mode;
        this.identities = identities;
        this.bytes = bytes;
    }

    /**
     * The load of {@code file}, whose bytes are read now, as the agent reads a policy (never a FIFO,
     * never more than 4 MiB); none if it cannot be read.
     */
    static LoadedPolicy read(String file, String mode, int identities) {
        byte[] bytes;
        try {
            bytes = Policy.read(Path.of(file));
        } catch (PolicyException | InvalidPathException | SecurityException e) {
            bytes = null;
        }
        return new LoadedPolicy(file, mode, identities, bytes);
    }

    /** The first {@link #VERSION_DIGITS} hex digits of the SHA-256 of the file's bytes, or {@code null} without them. */
    String version() {
        String known = version;
        if (known == null && bytes != null) {
            known = version(bytes);
            version = known;
        }
        return known;
    }

    static String version(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.digest(bytes), 0, VERSION_DIGITS / 2);
    }
}
