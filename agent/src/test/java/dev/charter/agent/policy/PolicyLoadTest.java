package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
        assertEquals(dir + ": cannot read: a directory", e.getMessage());
    }

    @Test
    void load_pathThroughAFile_cannotRead() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file.resolve("charter.yaml")));
        assertEquals(file.resolve("charter.yaml") + ": cannot read: Not a directory", e.getMessage());
    }

    @Test
    void load_notUtf8_isRefusedAtTheFirstBadByte() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'v', ':', ' ', 'x', '\n', ' ', (byte) 0xE9, '\n'});
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file));
        assertEquals(file + ":2:2: not UTF-8 text (byte 0xe9)", e.getMessage());
    }

    @Test
    void load_fifo_isRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("charter.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        // opening a FIFO for reading would block until a writer came: this returns at once
        PolicyException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThrows(PolicyException.class, () -> Policy.load(fifo)));
        assertEquals(fifo + ": cannot read: not a regular file (a FIFO, a device or a socket)", e.getMessage());
    }

    @Test
    void load_deviceThroughASymlink_isRefusedWithoutReadingIt() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("charter.yaml"), Path.of("/dev/zero"));
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(link));
        assertEquals(link + ": cannot read: not a regular file (a FIFO, a device or a socket)", e.getMessage());
    }

    @Test
    void load_regularFileThroughASymlink_isRead() throws IOException, PolicyException {
        Path file = Files.writeString(dir.resolve("real.yaml"), "version: 1\nidentities: {}\n");
        Path link = Files.createSymbolicLink(dir.resolve("charter.yaml"), file);
        assertEquals(link.toString(), Policy.load(link).file());
    }

    @Test
    void load_overFourMebibytes_isRefusedWithoutReadingIt() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(3L << 30); // 3 GiB, sparse: reading it whole would run out of memory
        }
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.load(file));
        assertEquals(file + ": cannot read: larger than 4 MiB (3221225472 bytes)", e.getMessage());
    }

    @Test
    void load_exactlyFourMebibytesOfComment_isRead() throws IOException, PolicyException {
        byte[] content = new byte[PolicySource.MAX_BYTES];
        Arrays.fill(content, (byte) ' ');
        byte[] head = "version: 1\nidentities: {}\n#".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, content, 0, head.length);
        Path file = Files.write(dir.resolve("big.yaml"), content);
        assertEquals(0, Policy.load(file).identities().size());
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
