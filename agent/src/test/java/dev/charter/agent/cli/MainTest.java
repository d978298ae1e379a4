package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;
    private Path policy;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writePolicy() throws Exception {
        policy = dir.resolve("charter.yaml");
        Files.writeString(policy, """
                version: 1
                identities:
                  user:alice:
                    grants:
                      - scope: "payments:*"
                  agent:bot:
                    on-behalf-of: user:alice
                    grants:
                      - scope: "payments:refund"
                        resources: ["order/EU-*"]
                """);
    }

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void check_validPolicy_exitsZero() {
        assertEquals(0, run("check", policy.toString()));
        assertEquals(policy + ": valid (2 identities, mode enforce)\n", out());
    }

    @Test
    void check_invalidPolicy_exitsTwoWithFileLineColumn() throws Exception {
        Files.writeString(policy, "version: 1\nidentities:\n  user:alice:\n    grantz: []\n");
        assertEquals(2, run("check", policy.toString()));
        assertTrue(err().startsWith(policy + ":4:5: unknown key 'grantz'"), err());
    }

    @Test
    void check_missingFile_exitsTwo() {
        assertEquals(2, run("check", dir.resolve("none.yaml").toString()));
        assertTrue(err().contains("none.yaml: cannot read: no such file"), err());
    }

    @Test
    void explain_allowed_exitsZeroAndNamesTheRuleAndChain() {
        assertEquals(0, run("explain", policy.toString(), "agent:bot", "payments:refund", "order/EU-1"));
        assertEquals("ALLOW agent:bot payments:refund on order/EU-1: granted (" + policy + ":9)\n"
                + "  acting on behalf of: user:alice\n"
                + "  user:alice: holds it, granted (" + policy + ":5)\n", out());
    }

    @Test
    void explain_denied_exitsOne() {
        assertEquals(1, run("explain", policy.toString(), "agent:bot", "payments:refund", "order/US-1"));
        assertTrue(out().startsWith("DENY agent:bot payments:refund on order/US-1: resource not granted (" + policy + ":9)"),
                out());
    }

    @Test
    void explain_patternInsteadOfScope_exitsTwo() {
        assertEquals(2, run("explain", policy.toString(), "agent:bot", "payments:*"));
        assertTrue(out().startsWith("invalid scope 'payments:*'"), out());
    }

    @Test
    void usage_unknownCommandOrMissingArguments_exitsTwo() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("check"));
        assertTrue(err().contains("usage: java -jar charter-agent.jar check"), err());
    }
}
