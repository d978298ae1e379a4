package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Scenarios;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A policy that cannot be used stops the JVM before main, with a message that says where and why. */
class StartupIT {

    private static final int STOPPED = 78;

    @TempDir
    Path dir;

    @Test
    void invalidPolicy_stopsBeforeMain_withFileLineColumn() throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "version: 1\nidentities:\n  user:alice:\n    grant:\n      - scope: x\n");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + policy).run(Scenarios.class, "alice-refund");
        assertEquals(STOPPED, run.exit(), run::toString);
        assertTrue(run.err().contains(policy + ":4:5: unknown key 'grant'"), run::toString);
        assertEquals("", run.out(), "main must not run");
    }

    @Test
    void missingPolicy_stopsBeforeMain() throws Exception {
        Path policy = dir.resolve("absent.yaml");
        Jvm.Result run = Jvm.fork().withCharter("policy=" + policy).run(Scenarios.class, "alice-refund");
        assertEquals(STOPPED, run.exit(), run::toString);
        assertTrue(run.err().contains(policy + ": cannot read"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void noPolicyGiven_stopsBeforeMain_andSaysHowToGiveOne() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("").run(Scenarios.class, "alice-refund");
        assertEquals(STOPPED, run.exit(), run::toString);
        assertTrue(run.err().contains("no policy given"), run::toString);
    }

    @Test
    void unknownOption_stopsBeforeMain() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",polcy=x").run(Scenarios.class);
        assertEquals(STOPPED, run.exit(), run::toString);
        assertTrue(run.err().contains("unknown agent option 'polcy=x'"), run::toString);
    }

    /** The JDKs Charter runs on: the one running these tests, and Temurin 25 where it is installed. */
    static List<Path> jdks() {
        List<Path> jdks = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")));
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        if (Files.isExecutable(jdk25) && !jdks.contains(jdk25)) {
            jdks.add(jdk25);
        }
        return jdks;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void healthyStart_printsExactlyTheStartLine(Path java) throws Exception {
        Jvm.Result run = Jvm.fork().java(java).withCharter("policy=" + Jvm.POLICY).run(Scenarios.class, "alice-refund");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("ALLOWED", run.outcome("alice-refund"), run::toString);
        assertTrue(run.err().matches("charter: enforcing \\Q" + Jvm.POLICY + "\\E \\(5 identities, policy [0-9a-f]{12}…,"
                + " ledger memory\\)\\R"), run::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void auditMode_saysSoOnItsOneLine(Path java) throws Exception {
        Jvm.Result run = Jvm.fork().java(java).withCharter("policy=" + Jvm.POLICY + ",mode=audit")
                .run(Scenarios.class, "alice-refund");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("charter: AUDIT ONLY — nothing is refused"), run::toString);
    }

    /**
     * What a start with the sample policy loads from the agent jar before {@code main}: the agent's own
     * start-up (about 100 classes: options, policy, enforcer, rewriter and hooks), ASM's reader and
     * writer (about 30, to weave the JDK's executors) and SnakeYAML Engine (about 130, to read the
     * policy) — some 260 in all. The bound of 300 leaves room to grow, and none for a library to come
     * back unnoticed: Byte Buddy alone was a thousand classes; Caffeine and the Redis client load only
     * once a call or the ledger needs them. Counted from {@code -Xlog:class+load}, so it holds on any machine.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void start_loadsFromTheAgentJar_onlyWhatThePolicyAndTheMatchingNeed(Path java) throws Exception {
        List<String> beforeMain = new ArrayList<>();
        for (String line : loadedBeforeMain(java)) {
            if (line.endsWith("source: file:" + Jvm.AGENT.toAbsolutePath().normalize())) {
                beforeMain.add(line);
            }
        }
        for (String library : List.of("dev.charter.shaded.net.bytebuddy.", "dev.charter.shaded.caffeine.",
                "dev.charter.shaded.jedis.")) {
            assertEquals(List.of(), beforeMain.stream().filter(line -> line.startsWith(library)).toList());
        }
        assertTrue(beforeMain.stream().anyMatch(line -> line.startsWith("dev.charter.agent.CharterAgent ")), beforeMain::toString);
        assertTrue(beforeMain.size() <= 300, beforeMain.size() + " classes from the agent jar before main: " + beforeMain);
    }

    /**
     * The agent's start spins no class of its own: no lambda or method reference of Charter's code
     * (each one a hidden class made and linked at every start, interpreted), and no reflection
     * accessor that the JDK would generate and the rewriter then match. Counted from
     * {@code -Xlog:class+load}, so it holds on any machine.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void start_spinsNoClassOfItsOwnBeforeMain(Path java) throws Exception {
        List<String> spun = new ArrayList<>();
        boolean started = false;
        for (String name : loadedBeforeMain(java)) {
            started |= name.startsWith("dev.charter.agent.CharterAgent ");
            boolean charters = name.startsWith("dev.charter.") && !name.startsWith("dev.charter.shaded.");
            if (charters && name.contains("$$Lambda") || started && name.contains("GeneratedMethodAccessor")) {
                spun.add(name);
            }
        }
        assertTrue(started, "the agent never started: " + spun);
        assertEquals(List.of(), spun);
    }

    /**
     * The classes a JVM with the agent on the sample policy loads before the sample's main class, as
     * {@code -Xlog:class+load} names them ({@code name source: where}).
     */
    private List<String> loadedBeforeMain(Path java) throws Exception {
        Path log = Files.createTempFile(dir, "classes", ".log");
        Path sample = Path.of("..", "sample-app", "charter.yaml").toAbsolutePath().normalize();
        Jvm.Result run = Jvm.fork().java(java).option("-Xlog:class+load:file=" + log).withCharter("policy=" + sample)
                .run(Scenarios.class, "alice-refund");
        assertEquals(0, run.exit(), run::toString);
        List<String> loaded = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.contains(" " + Scenarios.class.getName() + " source:")) {
                break;
            }
            loaded.add(line.substring(line.indexOf("[class,load] ") + "[class,load] ".length()));
        }
        return loaded;
    }

    @Test
    void policyFromSystemProperty_isUsed() throws Exception {
        Jvm.Result run = Jvm.fork().option("-Dcharter.policy=" + Jvm.POLICY).withCharter("")
                .run(Scenarios.class, "bot-us", "bot-eu");
        assertEquals("ALLOWED", run.outcome("bot-eu"), run::toString);
        assertTrue(run.outcome("bot-us").startsWith("DENIED"), run::toString);
    }
}
