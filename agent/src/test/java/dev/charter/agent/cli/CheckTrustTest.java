package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on a policy's trust section: validated at its position, and passports sent in clear text found. */
class CheckTrustTest {

    @TempDir
    Path dir;

    private Cli.Run check(String trust) throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), "version: 1\nidentities: {}\ntrust:\n" + trust);
        return Cli.run("check", policy.toString());
    }

    @Test
    void propagateOverHttpToAnotherHost_isAFinding() throws Exception {
        Cli.Run run = check("""
                  propagate:
                    - to: "http://localhost:*/mcp/**"
                      audience: svc:tools
                    - to: "https://pay.example.com/**"
                      audience: svc:pay
                    - to: "http://pay.example.com/**"
                      audience: svc:pay
                """);
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("propagate targets that send passports off this host unencrypted (1):\n"
                + "  " + dir.resolve("charter.yaml") + ":9: passports for svc:pay go to 'http://pay.example.com/**'"
                + " over plain http"), run::toString);
    }

    @Test
    void badIssuerKey_isUnusableAtItsPosition() throws Exception {
        Cli.Run run = check("  issuers:\n    svc:a: \"AAAA\"\n");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().startsWith(dir.resolve("charter.yaml") + ":5:12: issuer 'svc:a': not an Ed25519 public key"),
                run::toString);
    }

    @Test
    void mcpBoundByPassports_withoutATrustedIssuer_isAFinding() throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), """
                version: 1
                identities: {}
                bind:
                  mcp: {from: passport, tool-scope: "tools:{tool}"}
                """);
        Cli.Run run = Cli.run("check", policy.toString());
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("framework calls bound by passports no issuer is trusted for (1):\n"
                + "  " + policy + ":4: mcp tool calls take their identity from passports, but trust: issuers names"
                + " none"), run::toString);
        Files.writeString(policy, """
                version: 1
                identities: {}
                bind:
                  mcp: {from: transport-context, key: user, tool-scope: "tools:{tool}"}
                """);
        assertEquals(0, Cli.run("check", policy.toString()).exit());
    }
}
