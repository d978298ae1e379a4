package dev.charter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.bench.startup.AppGenerator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies the bench hands the agent must stay valid as the policy format grows: the agent's own check says so. */
class PoliciesTest {

    @TempDir
    Path dir;

    @Test
    void benchPolicy_passesTheAgentsCheck() throws Exception {
        Path policy = dir.resolve("charter-bench.yaml");
        try (InputStream in = Bench.class.getResourceAsStream("charter-bench.yaml")) {
            Files.copy(in, policy);
        }
        assertValid(policy);
    }

    @Test
    void startupPolicy_passesTheAgentsCheck() throws Exception {
        Path policy = dir.resolve("charter-startup.yaml");
        Files.writeString(policy, AppGenerator.policy(), StandardCharsets.UTF_8);
        assertValid(policy);
    }

    private static void assertValid(Path policy) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process check = new ProcessBuilder(java.toString(), "-jar", System.getProperty("charter.agent.jar"), "check",
                policy.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
        }
        assertEquals(0, check.exitValue(), output);
    }
}
