package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.support.Jvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar charter-agent.jar ...}: the agent jar is also the command line. */
class CommandLineIT {

    private static Result charter(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jvm.AGENT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }

    @Test
    void check_theTestPolicy_isValid() throws Exception {
        Result result = charter("check", Jvm.POLICY.toString());
        assertEquals(0, result.exit(), result.output());
        assertEquals(Jvm.POLICY + ": valid (5 identities, mode enforce)\n", result.output());
    }

    @Test
    void check_theSamplePolicy_isValid() throws Exception {
        Result result = charter("check", Path.of("..", "sample-app", "charter.yaml").toString());
        assertEquals(0, result.exit(), result.output());
    }

    @Test
    void explain_delegateOutsideItsResources_isDeniedWithTheRule() throws Exception {
        Result result = charter("explain", Jvm.POLICY.toString(), "agent:refund-bot", "payments:refund", "order/US-1");
        assertEquals(1, result.exit(), result.output());
        assertTrue(result.output().startsWith("DENY agent:refund-bot payments:refund on order/US-1: resource not granted ("
                + Jvm.POLICY + ":11)"), result.output());
    }
}
