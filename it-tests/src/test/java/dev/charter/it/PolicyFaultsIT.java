package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.app.PolicyFaults;
import dev.charter.it.support.Jvm;
import dev.charter.it.support.Tmpfs;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy file under real faults, in forked JVMs with the shaded agent: rewritten in place in
 * pieces, its directory moved or its symlink swapped, replaced by things that are not a policy, and
 * reloaded while the audit file's disk is full.
 */
class PolicyFaultsIT {

    @TempDir
    Path dir;

    private Jvm.Result run(Path policy, String audit, String... arguments) throws Exception {
        return Jvm.fork().withCharter("policy=" + policy + ",audit=" + audit).run(PolicyFaults.class, arguments);
    }

    @Test
    void rewrittenInPlaceInPieces_underTwoCallers_theHalfWrittenBroaderFileNeverDecides() throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), PolicyFaults.V1);
        Jvm.Result run = run(policy, dir.resolve("audit.jsonl").toString(), "pieces", policy.toString());
        assertEquals(0, run.exit(), run::toString);
        assertEquals("8", run.outcome("rounds"), "every complete version took effect\n" + run);
        assertEquals("0", run.outcome("broad-decisions"), "the half-written file allowed US orders\n" + run);
        assertEquals("true", run.outcome("checks-made"));
        assertFalse(run.err().contains("kept the last good policy"), "a partial file was even read as a whole\n" + run);
    }

    @Test
    void directoryMoved_theNewFileAtThePathIsLoaded_andTheNextEditSeen() throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Path policy = Files.writeString(conf.resolve("charter.yaml"), PolicyFaults.V1);
        Jvm.Result run = run(policy, dir.resolve("audit.jsonl").toString(), "moved", dir.toString());
        assertEquals(0, run.exit(), run::toString);
        assertEquals("DE-DENIED", run.outcome("before"));
        assertEquals("DE-ALLOWED", run.outcome("after-move"), run::toString);
        assertEquals("DE-DENIED", run.outcome("after-next-edit"), run::toString);
    }

    @Test
    void symlinkSwapped_thePathIsFollowedToTheNewTarget_andTheNextEditSeen() throws Exception {
        Path first = Files.createDirectory(dir.resolve("a"));
        Files.writeString(first.resolve("charter.yaml"), PolicyFaults.V1);
        Files.createSymbolicLink(dir.resolve("current"), Path.of("a"));
        Path policy = dir.resolve("current").resolve("charter.yaml");
        Jvm.Result run = run(policy, dir.resolve("audit.jsonl").toString(), "swapped", dir.toString());
        assertEquals(0, run.exit(), run::toString);
        assertEquals("DE-DENIED", run.outcome("before"));
        assertEquals("DE-ALLOWED", run.outcome("after-swap"), run::toString);
        assertEquals("DE-DENIED", run.outcome("after-next-edit"), run::toString);
    }

    @Test
    void replacedByOddFiles_eachIsRefusedOnReload_theLastGoodPolicyStays_andAGoodEditIsSeen() throws Exception {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), PolicyFaults.V1);
        Jvm.Result run = run(policy, dir.resolve("audit.jsonl").toString(), "odd", policy.toString());
        assertEquals(0, run.exit(), run::toString);
        String regular = "cannot read: not a regular file (a FIFO, a device or a socket)";
        assertEquals(policy + ": " + regular, run.outcome("fifo"), run::toString);
        assertEquals(policy + ": " + regular, run.outcome("dev-zero"), run::toString);
        assertEquals(policy + ": cannot read: larger than 4 MiB (5242880 bytes)", run.outcome("oversized"), run::toString);
        assertEquals(policy + ":7:6: not UTF-8 text (byte 0xe9)", run.outcome("not-utf8"), run::toString);
        assertEquals(policy + ":7:34: 'per' must be at most 36500d (100 years), found '9223372036854775807s'",
                run.outcome("overflowing"), run::toString);
        for (String kind : List.of("fifo", "dev-zero", "oversized", "not-utf8", "overflowing")) {
            assertEquals("EU-ALLOWED", run.outcome(kind + "-eu"), kind + ": the last good policy stays\n" + run);
            assertTrue(run.err().lines().anyMatch(line -> line.startsWith("charter: kept the last good policy: " + policy)
                    && line.contains(run.outcome(kind))), kind + " is said on stderr\n" + run);
        }
        assertEquals("DE-ALLOWED", run.outcome("valid"), run::toString);
        assertEquals("watching", run.outcome("watcher"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    static Stream<Arguments> oddFiles() {
        return Stream.of(
                Arguments.of("fifo", "cannot read: not a regular file (a FIFO, a device or a socket)"),
                Arguments.of("dev-zero", "cannot read: not a regular file (a FIFO, a device or a socket)"),
                Arguments.of("oversized", "cannot read: larger than 4 MiB (3221225472 bytes)"),
                Arguments.of("not-utf8", ":7:6: not UTF-8 text (byte 0xe9)"),
                Arguments.of("overflowing", ":7:34: 'per' must be at most 36500d (100 years), found '9223372036854775807s'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddFiles")
    void oddFileAtStart_stopsTheJvmWithStatus78_andOneLineSayingWhy(String kind, String problem) throws Exception {
        Path policy = dir.resolve("charter.yaml");
        switch (kind) {
            case "fifo" -> assertEquals(0, new ProcessBuilder("mkfifo", policy.toString()).inheritIO().start().waitFor());
            case "dev-zero" -> Files.createSymbolicLink(policy, Path.of("/dev/zero"));
            case "oversized" -> {
                try (RandomAccessFile file = new RandomAccessFile(policy.toFile(), "rw")) {
                    file.setLength(3L << 30); // sparse: read whole, it would run the JVM out of memory
                }
            }
            case "not-utf8" -> Files.write(policy, (PolicyFaults.V2 + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
            default -> Files.writeString(policy, PolicyFaults.V2 + "        budget: { limit: 5, per: 9223372036854775807s }\n");
        }
        Jvm.Result run = Jvm.fork().withCharter("policy=" + policy).run(dev.charter.it.app.Scenarios.class, "bot-eu");
        assertEquals(78, run.exit(), run::toString);
        List<String> saying = run.err().lines().filter(line -> line.contains(policy.toString())).toList();
        assertEquals(List.of("charter: " + policy + (problem.startsWith(":") ? "" : ": ") + problem), saying, run::toString);
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run::toString);
        assertEquals("", run.out(), "main never ran");
    }

    @Test
    void diskFullDuringReload_theWatcherSurvives_andTheNextEditIsSeen() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "256k")) {
            Path policy = Files.writeString(dir.resolve("charter.yaml"), PolicyFaults.V1);
            Path audit = disk.dir().resolve("audit.jsonl");
            Jvm.Result run = run(policy, audit.toString(), "full-reload", policy.toString(),
                    disk.dir().resolve("filler").toString());
            assertEquals(0, run.exit(), run::toString);
            assertEquals("DE-ALLOWED", run.outcome("while-full"), run::toString);
            assertEquals("DE-DENIED", run.outcome("after-restore"), "the widened grant is gone again\n" + run);
            ObjectMapper json = new ObjectMapper();
            List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(audit)) {
                lines.add(json.readTree(line)); // every line one whole record
            }
            assertEquals(3, lines.stream().filter(line -> line.path("event").asText().equals("policy-loaded")).count(),
                    "at start, the load while full (written once there was room), the restore\n" + lines);
            assertEquals("after-restore", lines.get(lines.size() - 1).path("resource").asText(), lines::toString);
        }
    }
}
