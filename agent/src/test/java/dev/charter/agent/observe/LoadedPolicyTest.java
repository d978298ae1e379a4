package dev.charter.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedPolicyTest {

    @TempDir
    Path dir;

    @Test
    void version_isTheFirst12HexDigitsOfTheSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2)
        assertEquals("ba7816bf8f01", LoadedPolicy.version("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void version_isOfTheBytesReadAtTheLoad_notOfLaterEdits() throws IOException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "abc");
        LoadedPolicy loaded = LoadedPolicy.read(file.toString(), "enforce", 1);
        Files.writeString(file, "changed since");
        assertEquals("ba7816bf8f01", loaded.version());
    }

    @Test
    void version_ofAFileGoneBeforeItIsRead_isUnknown() {
        assertNull(LoadedPolicy.read(dir.resolve("gone.yaml").toString(), "enforce", 1).version());
    }
}
