package dev.charter.bench.startup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Charter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up measurement only means something if the generated application really runs, and is
 * enforced exactly when the agent is on: a launch checks both, and fails otherwise.
 */
class StartupLaunchTest {

    @TempDir
    Path dir;

    private StartupBench.Options options;
    private AppGenerator.App app;
    private Path policy;

    @BeforeEach
    void generate() throws Exception {
        Path agent = Path.of(System.getProperty("charter.agent.jar"));
        assertTrue(Files.isRegularFile(agent), "build the agent first: " + agent);
        options = new StartupBench.Options(1, 200, 4, Path.of(System.getProperty("java.home"), "bin", "java"),
                agent, location(Charter.class), false);
        app = AppGenerator.write(dir.resolve("app.jar"), options.classes(), options.tools());
        policy = dir.resolve("policy.yaml");
        Files.writeString(policy, AppGenerator.policy(), StandardCharsets.UTF_8);
    }

    @Test
    void launch_withoutAgent_runsEveryClassAndTool_unenforced() throws Exception {
        StartupBench.Run run = StartupBench.launch(options, app, policy, dir, false, 0);
        assertTrue(run.toMain() > 0 && run.toMain() <= run.toEnd() && run.toEnd() <= run.toExit(), run::toString);
        assertTrue(run.createVm() > 0, "the JVM's startuptime log was read: " + run);
    }

    @Test
    void launch_withAgent_refusesTheForbiddenTool() throws Exception {
        // launch() itself fails unless the application reports 'enforced true'
        StartupBench.Run run = StartupBench.launch(options, app, policy, dir, true, 0);
        assertTrue(run.agent(), run::toString);
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
