package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The parser's contract under random damage, driven by jqwik from a fixed seed: the repository's
 * policy files and a few dense ones, mutated by deleting, duplicating, swapping and inserting
 * characters, lines and bytes (so also text that is not UTF-8), either parse or fail with a
 * {@link PolicyException} whose message names the file and, when it has one, a position inside the
 * text; never another exception, and never a hang.
 */
class PolicyFuzzTest {

    private static final int TRIES = 10_000;
    private static final String FILE = "fuzz.yaml";
    private static final String INSERTABLE = ":-, \t\n[]{}*\"'&!#%|>?@`~\\/";
    private static final Duration AT_MOST = Duration.ofSeconds(10);
    private static final AtomicInteger PARSED = new AtomicInteger();
    private static final AtomicInteger TRIED = new AtomicInteger();

    /** Every policy file of the repository (its sample, its test and benchmark policies), and a few dense ones. */
    static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>();
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().contains("/target/"))
                    .sorted().toList()) {
                String text = Files.readString(file);
                if (text.contains("identities:")) {
                    seeds.add(text);
                }
            }
        }
        assertTrue(seeds.size() >= 8, "the repository's policy files: " + seeds.size());
        seeds.add("""
                version: 1
                mode: audit
                identities:
                  agent:a:
                    on-behalf-of: agent:b
                    grants:
                      - {scope: "x:y,z", resources: ["r/*", "s/**"]}
                  agent:b:
                    grants: [{scope: '*'}]
                  user:c: {}
                """);
        seeds.add("""
                version: 1
                identities:
                  agent:a:
                    grants:
                      - {scope: "c:p:w", resources: ["s/**"], max-per-call: 5.5, expires: 2026-01-01T00:00:00Z}
                      - {scope: c, budget: {limit: 9, per: 1h}, rate: {calls: 2, per: 30s}}
                  agent:b:
                    on-behalf-of: agent:a
                    grants: [{scope: "c:p:*", resources: [s/e/*], active: {days: [MON, SAT-SUN], from: "08:00", to: "24:00", zone: UTC}}]
                  agent:c:
                    on-behalf-of: agent:a
                    grants: [{scope: "c:p:w", resources: ["s/e/x*"], active: {days: "MON,TUE", zone: Asia/Tokyo}}]
                governance:
                  - {scope: "c:p:w", when: {spend-over: 1}, defer: approval}
                  - {scope: c, when: always, defer: approval}
                  - {exclusive: "c:p:*", lease: 250ms}
                  - {exclusive: "x:*"}
                """);
        return seeds;
    }

    @Provide
    Arbitrary<byte[]> damagedPolicies() throws IOException {
        List<String> seeds = seeds();
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.longs()).as((seed, noise) -> {
            Random random = new Random(noise);
            String yaml = seed;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                yaml = mutate(yaml, random);
            }
            byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextInt(20) == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80)); // text that is not UTF-8
            }
            return bytes;
        }).withoutEdgeCases();
    }

    @Property(tries = TRIES, seed = "20261201", shrinking = ShrinkingMode.BOUNDED)
    void parse_damagedPolicy_parsesOrFailsWithPosition(@ForAll("damagedPolicies") byte[] content) {
        TRIED.incrementAndGet();
        if (assertTimeoutPreemptively(AT_MOST, () -> parsesOrFailsCleanly(content), "the parser hung")) {
            PARSED.incrementAndGet();
        }
    }

    @AfterContainer
    static void theFuzzerExploresTheBoundary() {
        // a fuzzer that breaks every input, or none, is not exploring the boundary
        int tried = TRIED.get();
        if (tried == TRIES) {
            assertTrue(PARSED.get() > tried / 50, "parsed " + PARSED.get() + " of " + tried);
            assertTrue(PARSED.get() < tried - tried / 50, "parsed " + PARSED.get() + " of " + tried);
        }
    }

    /** Parses {@code content}; true if it was a valid policy, false if it failed as the contract says. */
    private static boolean parsesOrFailsCleanly(byte[] content) {
        String yaml = new String(content, StandardCharsets.UTF_8);
        try {
            Policy policy = Policy.parse(content, FILE);
            for (String identity : policy.identities()) {
                policy.decide(identity, "payments:refund", "order/EU-1");
                policy.decide(identity, "x:y", null);
                policy.coverage(identity, "orders:read");
                assertFalse(policy.chain(identity).contains(identity), "cycle through " + identity);
                assertEquals(policy.decide(identity, "c:p:w", "s/e/x").allowed(), !policy.limits(identity, "c:p:w", "s/e/x").isEmpty());
                policy.constrained(identity, "payments:refund");
            }
            policy.deferrals("c:p:w");
            policy.exclusive("catalog:price:write");
            for (Overlap overlap : policy.overlaps()) {
                // an overlap's example is one both identities may act on
                assertTrue(policy.decide(overlap.first(), overlap.scope(), overlap.resource()).allowed(), overlap.toString());
                assertTrue(policy.decide(overlap.second(), overlap.scope(), overlap.resource()).allowed(), overlap.toString());
            }
            return true;
        } catch (PolicyException e) {
            checkMessage(e, yaml);
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("parse threw " + e + " for:\n" + yaml, e);
        }
    }

    private static void checkMessage(PolicyException e, String yaml) {
        String why = e.getMessage() + " for:\n" + yaml;
        assertEquals(FILE, e.file(), why);
        assertFalse(e.problem().isBlank(), why);
        assertTrue(e.getMessage().chars().noneMatch(c -> Text.isSpaceOrControl((char) c) && c != ' '), why);
        if (e.line() == 0) {
            assertEquals(0, e.column(), why);
            assertEquals(FILE + ": " + e.problem(), e.getMessage(), why);
        } else {
            assertEquals(FILE + ":" + e.line() + ":" + e.column() + ": " + e.problem(), e.getMessage(), why);
            assertTrue(e.line() <= yaml.split("\n", -1).length + 1, why);
            assertTrue(e.column() >= 1, why);
        }
    }

    private static String mutate(String yaml, Random random) {
        if (yaml.isEmpty()) {
            return String.valueOf(INSERTABLE.charAt(random.nextInt(INSERTABLE.length())));
        }
        int at = random.nextInt(yaml.length());
        return switch (random.nextInt(7)) {
            case 0 -> yaml.substring(0, at) + yaml.substring(at + 1);
            case 1 -> yaml.substring(0, at) + yaml.charAt(at) + yaml.substring(at);
            case 2 -> swap(yaml, at, random.nextInt(yaml.length()));
            case 3 -> yaml.substring(0, at) + INSERTABLE.charAt(random.nextInt(INSERTABLE.length())) + yaml.substring(at);
            default -> mutateLines(yaml, random);
        };
    }

    private static String swap(String text, int at, int other) {
        char[] chars = text.toCharArray();
        chars[at] = text.charAt(other);
        chars[other] = text.charAt(at);
        return new String(chars);
    }

    private static String mutateLines(String yaml, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        int at = random.nextInt(lines.size());
        int other = random.nextInt(lines.size());
        switch (random.nextInt(3)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(other, lines.get(at));
            default -> lines.set(other, lines.set(at, lines.get(other)));
        }
        return String.join("\n", lines);
    }
}
