package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.OwnLibraries;
import dev.charter.it.app.Scenarios;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent keeps to itself: nothing it bundles leaks, and it works beside other agents. */
class CoexistenceIT {

    @TempDir
    Path dir;

    @Test
    void agentJar_holdsNoClassOutsideDevCharter() throws Exception {
        try (JarFile jar = new JarFile(Jvm.AGENT.toFile())) {
            List<String> leaked = jar.stream().map(JarEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("dev/charter/"))
                    .toList();
            assertEquals(List.of(), leaked);
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/charter/shaded/asm/")));
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/charter/shaded/caffeine/")));
        }
    }

    @Test
    void applicationWithItsOwnByteBuddyAndCaffeine_seesItsOwnVersions() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY)
                .classPath(System.getProperty("app.bytebuddy.jar"))
                .classPath(System.getProperty("app.caffeine.jar"))
                .run(OwnLibraries.class);
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.outcome("bytebuddy").contains("byte-buddy-1.14.18.jar"), run::toString);
        assertTrue(run.outcome("caffeine").contains("caffeine-3.1.8.jar"), run::toString);
        assertTrue(run.outcome("unbound-refund").startsWith("DENIED"), run::toString);
        assertEquals("ALLOWED", run.outcome("alice-refund"), run::toString);
    }

    @ParameterizedTest(name = "JaCoCo {0} Charter")
    @ValueSource(strings = {"before", "after"})
    void besideJacoco_bothWork(String order) throws Exception {
        Path coverage = dir.resolve("jacoco.exec");
        String jacoco = "-javaagent:" + System.getProperty("jacoco.agent.jar") + "=destfile=" + coverage;
        String charter = "-javaagent:" + Jvm.AGENT + "=policy=" + Jvm.POLICY;
        Jvm jvm = Jvm.fork();
        if (order.equals("before")) {
            jvm.option(jacoco, charter);
        } else {
            jvm.option(charter, jacoco);
        }
        Jvm.Result run = jvm.run(Scenarios.class, "alice-refund", "bot-us", "unbound-refund", "superclass-override");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("ALLOWED", run.outcome("alice-refund"), run::toString);
        assertTrue(run.outcome("bot-us").startsWith("DENIED"), run::toString);
        assertTrue(run.outcome("unbound-refund").startsWith("DENIED"), run::toString);
        assertTrue(run.outcome("superclass-override").startsWith("DENIED"), run::toString);
        assertTrue(Files.size(coverage) > 0, "JaCoCo wrote its coverage");
    }

    @Test
    void agentGivenTwice_enforcesOnce() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        String charter = "-javaagent:" + Jvm.AGENT + "=policy=" + Jvm.POLICY + ",audit=" + audit;
        Jvm.Result run = Jvm.fork().option(charter, charter).run(Scenarios.class, "bot-us");
        assertTrue(run.outcome("bot-us").startsWith("DENIED"), run::toString);
        assertTrue(run.err().contains("already running"), run::toString);
        assertEquals(1, Files.readAllLines(audit).stream().filter(l -> l.contains("\"decision\"")).count());
    }
}
