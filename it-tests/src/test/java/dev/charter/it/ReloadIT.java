package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Reloading;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file is watched: a valid change takes effect whole, an invalid one is refused and the last good one stays. */
class ReloadIT {

    private static final Path ONE = Jvm.resource("it/reload-v1.yaml");
    private static final Path TWO = Jvm.resource("it/reload-v2.yaml");

    @TempDir
    Path dir;

    private Jvm.Result run(String what) throws Exception {
        Path policy = dir.resolve("charter.yaml");
        Files.copy(ONE, policy);
        return Jvm.fork().withCharter("policy=" + policy + ",audit=" + dir.resolve("audit.jsonl"))
                .run(Reloading.class, what, policy.toString(), ONE.toString(), TWO.toString());
    }

    @Test
    void validEdit_takesEffectWithinSeconds_invalidEditIsRefusedAndTheLastGoodPolicyStays() throws Exception {
        Jvm.Result run = run("edits");
        Path policy = dir.resolve("charter.yaml");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.outcome("before").startsWith("DENIED user:alice may not payments:refund on \"order/US-1\": resource not granted"),
                run::toString);
        assertEquals("ALLOWED", run.outcome("after-valid-edit"), run::toString);
        assertEquals("ALLOWED", run.outcome("after-invalid-edit"), run::toString);
        assertTrue(run.err().contains("kept the last good policy: " + policy + ":5:"), run::toString);
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertTrue(audit.contains("\"event\":\"policy-rejected\""), audit);
        assertEquals(2, audit.lines().filter(line -> line.contains("\"event\":\"policy-loaded\"")).count(), audit);
    }

    @Test
    void flippingEveryFewMilliseconds_underTwoCallingThreads_everyDecisionIsOneVersionsWhole() throws Exception {
        Jvm.Result run = run("flips");
        assertEquals(0, run.exit(), run::toString);
        String file = dir.resolve("charter.yaml").toString();
        Set<String> possible = Set.of(
                "eu ALLOWED",
                "eu DENIED user:alice may not payments:refund on \"order/EU-1\": resource not granted (" + file + ":6); allowed: order/US-*",
                "us ALLOWED",
                "us DENIED user:alice may not payments:refund on \"order/US-1\": resource not granted (" + file + ":5); allowed: order/EU-*",
                "reports ALLOWED",
                "reports DENIED user:alice may not reports:run on \"daily\": no rule grants it");
        Set<String> seen = Arrays.stream(run.out().split("\n")).filter(line -> line.startsWith("seen "))
                .map(line -> line.substring(5)).collect(Collectors.toSet());
        assertTrue(possible.containsAll(seen), "a decision no single version makes: " + seen + "\n" + run);
        assertEquals(possible, seen, "both versions were in force at times\n" + run);
    }
}
