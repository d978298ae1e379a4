package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenTest {

    @TempDir
    Path dir;

    @Test
    void keygen_writesOwnerOnlyPemAndPrintsTheTrustLine() throws Exception {
        Path key = dir.resolve("o.key");
        Cli.Run run = Cli.run("keygen", "svc:orchestrator", "--out", key.toString());
        assertEquals(0, run.exit(), run::toString);
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"), run::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(run.out().matches("svc:orchestrator: \"MCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=\"\n"), run.out());
        Policy trusting = Policy.parse("version: 1\nidentities: {}\ntrust:\n  issuers:\n    " + run.out(), "p.yaml");
        assertEquals("EdDSA", trusting.trust().issuers().get("svc:orchestrator").getAlgorithm());
        assertEquals(dev.charter.agent.passport.Keys.readPrivate(key).getAlgorithm(), "EdDSA");
    }

    @Test
    void keygen_neverOverwrites() throws Exception {
        Path key = Files.writeString(dir.resolve("o.key"), "mine");
        Cli.Run run = Cli.run("keygen", "svc:orchestrator", "--out", key.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("exists already"), run::toString);
        assertEquals("mine", Files.readString(key));
    }

    @Test
    void keygen_badIssuer_isUnusable() {
        Cli.Run run = Cli.run("keygen", "svc orchestrator");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("keygen: the issuer must be a name"), run::toString);
    }
}
