package dev.charter.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two services that trust each other through passports, made once per test run: the orchestrator
 * (issuer {@code svc:orchestrator}, its key written by the real {@code keygen}), which sends
 * passports to {@code http://localhost:*}{@code /mcp/**}, and the tools service ({@code svc:tools}),
 * which trusts it and declares its own grants — and {@code agent:drifted} on behalf of someone else.
 */
public final class Passports {

    private static final Path DIR = tempDir();
    public static final Path ORCHESTRATOR_KEY = DIR.resolve("orchestrator.key");
    public static final Path STRANGER_KEY = DIR.resolve("stranger.key");
    public static final Path SENDER_POLICY = DIR.resolve("orchestrator.yaml");
    public static final Path RECEIVER_POLICY = DIR.resolve("tools.yaml");
    /** The line {@code keygen} printed for the orchestrator, to paste under {@code trust: issuers:}. */
    public static final String TRUSTED_ORCHESTRATOR;

    static {
        try {
            String trusted = keygen("svc:orchestrator", ORCHESTRATOR_KEY);
            TRUSTED_ORCHESTRATOR = trusted;
            keygen("svc:stranger", STRANGER_KEY);
            Files.writeString(SENDER_POLICY, """
                    version: 1
                    identities:
                      user:alice:
                        grants:
                          - scope: "payments:*"
                      agent:refund-bot:
                        on-behalf-of: user:alice
                        grants:
                          - scope: "payments:*"
                      agent:drifted:
                        on-behalf-of: user:alice
                    trust:
                      propagate:
                        - to: "http://localhost:*/mcp/**"
                          audience: svc:tools
                    """);
            Files.writeString(RECEIVER_POLICY, """
                    version: 1
                    identities:
                      user:alice:
                        grants:
                          - scope: "payments:*"
                      agent:refund-bot:
                        on-behalf-of: user:alice
                        grants:
                          - scope: "payments:refund"
                            resources: ["order/EU-*"]
                          - scope: "payments:report"
                      user:bob: {}
                      agent:drifted:
                        on-behalf-of: user:bob
                    trust:
                      issuers:
                        %s
                    """.formatted(trusted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Passports() {
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("charter-passports-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the real {@code keygen} and returns the line it prints for {@code trust: issuers:}. */
    private static String keygen(String issuer, Path out) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jvm.AGENT.toString(), "keygen", issuer, "--out", out.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), line);
        assertTrue(line.startsWith(issuer + ": \"MCowBQYDK2VwAyEA"), line);
        out.toFile().deleteOnExit();
        return line;
    }

    /** A JVM of the orchestrator: signs as svc:orchestrator. */
    public static Jvm sender() {
        return Jvm.fork().withCharter("policy=" + SENDER_POLICY + ",issuer=svc:orchestrator,signing-key=" + ORCHESTRATOR_KEY);
    }

    /** A JVM of the tools service, auditing to {@code audit}; its audience given as a system property. */
    public static Jvm receiver(Path audit) {
        return Jvm.fork().withCharter("policy=" + RECEIVER_POLICY + ",audit=" + audit).option("-Dcharter.audience=svc:tools");
    }
}
