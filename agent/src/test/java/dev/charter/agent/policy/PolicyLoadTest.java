package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a policy from a file: the name problems give, and files that cannot be read. */
class PolicyLoadTest {

    @TempDir
    Path dir;

    @Test
    void load_validFile_namesTheFileAsGiven() throws IOException, PolicyException {
        Path file = Files.writeString(dir.resolve("charter.yaml"),
                "version: 1\nidentities:\n  user:alice:\n    grants:\n      - scope: orders:*\n");
        Policy policy = Policy.load(file);
        assertEquals(file.toString(), policy.file());
        assertEquals(new Decision(true, "granted", file + ":5"), policy.decide("user:alice", "orders:read", null));
    }

    @Test
    void load_invalidFile_givesItsNameAndPosition() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "version: 2\nidentities: {}\n");
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file));
        assertTrue(e.getMessage().startsWith(file + ":1:10: version 2 is not supported"), e.getMessage());
    }

    @Test
    void load_missingFile_cannotRead() {
        Path file = dir.resolve("missing.yaml");
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file));
        assertEquals(file + ": cannot read: no such file", e.getMessage());
        assertEquals(0, e.line());
        assertEquals(0, e.column());
        assertEquals("cannot read: no such file", e.problem());
    }

    @Test
    void load_directory_cannotRead() {
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(dir));
        assertEquals(dir + ": cannot read: Is a directory", e.getMessage());
    }

    @Test
    void load_pathThroughAFile_cannotRead() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file.resolve("charter.yaml")));
        assertEquals(file.resolve("charter.yaml") + ": cannot read: Not a directory", e.getMessage());
    }

    @Test
    void load_notUtf8_cannotRead() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'v', ':', ' ', (byte) 0xE9, '\n'});
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file));
        assertEquals(file + ": cannot read: not UTF-8 text", e.getMessage());
    }

    @Test
    void why_accessDenied_saysPermissionDenied() {
        // tests may run as root, who can read any file, so this case is checked on the exception itself
        assertEquals("permission denied", Policy.why(new AccessDeniedException("charter.yaml")));
    }

    @Test
    void why_ioErrorWithoutMessage_namesItsKind() {
        assertEquals("IOException", Policy.why(new IOException()));
    }
}
