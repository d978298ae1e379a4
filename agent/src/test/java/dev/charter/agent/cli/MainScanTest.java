package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.fixture.scan.Payments;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --scan} on the compiled classes of {@code dev.charter.fixture.scan} and
 * {@code dev.charter.fixture.targets}: actions with an invalid scope or that no identity may run,
 * grants no action uses, actions entries matching nothing, in a directory, a jar or one class file.
 */
class MainScanTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                  - scope: "reports:*"
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
            """;

    @TempDir
    Path dir;
    private Path policy;
    private Path classes;

    @BeforeEach
    void setUp() throws Exception {
        policy = dir.resolve("charter.yaml");
        Files.writeString(policy, POLICY);
        classes = fixtures();
    }

    /** The directory holding the fixtures' class files. */
    private static Path fixtures() throws URISyntaxException {
        Path root = Path.of(Payments.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return root.resolve("dev/charter/fixture/scan");
    }

    @Test
    void scan_directory_reportsEachActionAndGrantWithItsLine() {
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", classes.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(policy + ": valid (2 identities, mode enforce)\n"
                + "scanned actions with an invalid scope (1):\n"
                + "  dev/charter/fixture/scan/Vault.java:14: dev.charter.fixture.scan.Vault#everything(): scope 'vault:*' "
                + "contains '*': an action names one concrete scope, not a pattern\n"
                + "scanned actions no identity may run (2):\n"
                + "  dev/charter/fixture/scan/Catalog.java: dev.charter.fixture.scan.Catalog#list(): no identity may run its "
                + "scope 'catalog:list'\n"
                + "  dev/charter/fixture/scan/Vault.java:10: dev.charter.fixture.scan.Vault#open(): no identity may run its "
                + "scope 'vault:open'\n"
                + "grants no scanned action uses (1):\n"
                + "  " + policy + ":6: user:alice: grant 'reports:*' is used by no scanned action\n"
                + policy + ": 4 findings; scanned 4 class files, 5 actions\n", run.out());
    }

    @Test
    void scan_spendLimitOnAnActionWithoutAnAmount_isALimitThatNeverApplies() throws Exception {
        Files.writeString(policy, """
                version: 1
                identities:
                  user:alice:
                    grants:
                      - scope: "payments:*"
                        max-per-call: 50
                        budget: { limit: 1000, per: 1d }
                """);
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", classes.resolve("Payments.class").toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(policy + ": valid (1 identity, mode enforce)\n"
                + "limits that never apply: the action names no amount (1):\n"
                + "  " + policy + ":5: user:alice: the max-per-call 50, budget 1000/1d of grant 'payments:*' never applies to "
                + "dev.charter.fixture.scan.Payments#capture(int[]), which names no amount (add @Spends, or spends: to its "
                + "actions entry)\n"
                + policy + ": 1 finding; scanned 1 class file, 2 actions\n", run.out());
    }

    @Test
    void scan_directoryAsJson_namesClassMethodScopeAndSource() {
        Map<?, ?> report = json(Cli.run("check", policy.toString(), "--scan", classes.toString(), "--format", "json"));
        assertEquals(Map.of("paths", List.of(classes.toString()), "classes", 4L, "actions", 5L), report.get("scanned"));
        List<?> findings = (List<?>) report.get("findings");
        assertEquals(List.of("invalid-action-scope", "unrunnable-action", "unrunnable-action", "unused-grant"),
                findings.stream().map(finding -> ((Map<?, ?>) finding).get("kind")).toList());
        Map<?, ?> open = (Map<?, ?>) findings.get(2);
        assertEquals("dev.charter.fixture.scan.Vault", open.get("class"));
        assertEquals("open()", open.get("method"));
        assertEquals("vault:open", open.get("scope"));
        assertEquals("dev/charter/fixture/scan/Vault.java:10", open.get("source"));
        assertEquals(classes.resolve("Vault.class").toString(), open.get("file"));
        assertEquals(null, open.get("rule"));
        Map<?, ?> unused = (Map<?, ?>) findings.get(3);
        assertEquals(policy + ":6", unused.get("rule"));
        assertEquals("reports:*", unused.get("scope"));
        assertEquals(List.of(), unused.get("resources"));
        for (Object finding : findings) {
            assertTrue(((Map<?, ?>) finding).keySet().containsAll(List.of("kind", "message", "rule", "location")), finding.toString());
        }
    }

    @Test
    void scan_jar_findsWhatTheDirectoryHolds() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.list(classes)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new JarEntry("dev/charter/fixture/scan/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
            }
            out.putNextEntry(new JarEntry("META-INF/versions/21/dev/charter/fixture/scan/Vault.class"));
            out.write(Files.readAllBytes(classes.resolve("Vault.class")));
        }
        Map<?, ?> fromJar = json(Cli.run("check", policy.toString(), "--scan", jar.toString(), "--format", "json"));
        Map<?, ?> fromDirectory = json(Cli.run("check", policy.toString(), "--scan", classes.toString(), "--format", "json"));
        assertEquals(withoutFiles(fromDirectory.get("findings")), withoutFiles(fromJar.get("findings")));
        Map<?, ?> open = (Map<?, ?>) ((List<?>) fromJar.get("findings")).get(2);
        assertEquals(jar + "!/dev/charter/fixture/scan/Vault.class", open.get("file"));
    }

    @Test
    void scan_classFilesEachGrantedAndUsed_exitsZero() throws Exception {
        Files.writeString(policy, """
                version: 1
                identities:
                  user:alice:
                    grants: [{scope: "payments:refund,capture"}]
                """);
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", classes.resolve("Payments.class").toString(),
                classes.resolve("PartialPayments.class").toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().endsWith(policy + ": no findings; scanned 2 class files, 2 actions\n"), run.out());
    }

    @Test
    void scan_repeatedOption_scansEveryPath() {
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", classes.resolve("Vault.class").toString(),
                "--format", "json", "--scan", classes.resolve("Catalog.class").toString());
        Map<?, ?> report = json(run);
        assertEquals(Map.of("paths", List.of(classes.resolve("Vault.class").toString(), classes.resolve("Catalog.class").toString()),
                "classes", 2L, "actions", 3L), report.get("scanned"));
    }

    /** Methods an {@code actions} entry targets are actions too, with the entry's scope; an entry matching nothing is a finding. */
    @Test
    void scan_actionsEntries_addTheirMethodsAndReportEntriesMatchingNothing() throws Exception {
        Files.writeString(policy, """
                version: 1
                identities:
                  user:alice:
                    grants:
                      - scope: "tools:Toolbox:*"
                      - scope: "payments:refund"
                actions:
                  - method: "dev.charter.fixture.targets.Legacy#refund(java.lang.String,long)"
                    scope: "payments:refund"
                  - annotated: "dev.charter.fixture.targets.Tooling"
                    scope: "tools:{class}:{method}"
                  - method: "com.acme.Missing#gone()"
                    scope: "payments:refund"
                """);
        Path targets = classes.resolveSibling("targets");
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", targets.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(policy + ": valid (1 identity, mode enforce)\n"
                + "scanned actions no identity may run (2):\n"
                + "  dev/charter/fixture/targets/Toolbox.java:23: dev.charter.fixture.targets.Toolbox$Drawer#open(): "
                + "no identity may run its scope 'tools:Drawer:open' (actions entry " + policy + ":10)\n"
                + "  dev/charter/fixture/targets/Toolbox.java:16: dev.charter.fixture.targets.Toolbox#own(): "
                + "no identity may run its scope 'tools:own'\n"
                + "actions entries that match no scanned method (1):\n"
                + "  " + policy + ":12: the entry for com.acme.Missing#gone() matches no scanned method\n"
                + policy + ": 3 findings; scanned 4 class files, 4 actions\n", run.out());
        Map<?, ?> drawer = (Map<?, ?>) ((List<?>) json(Cli.run("check", policy.toString(), "--scan", targets.toString(),
                "--format", "json")).get("findings")).get(0);
        assertEquals(policy + ":10", drawer.get("rule"));
        assertEquals("dev.charter.fixture.targets.Toolbox$Drawer", drawer.get("class"));
    }

    @Test
    void scan_unreadableInput_exitsTwoNamingIt() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a jar");
        Path broken = Files.write(dir.resolve("Broken.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1});
        Path brokenJar = dir.resolve("broken.jar");
        try (OutputStream file = Files.newOutputStream(brokenJar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("a/B.class"));
            out.write(new byte[] {1, 2, 3});
        }
        assertUnusable(text, text + ": not a jar file, class file or directory");
        assertUnusable(broken, broken + ": not a readable class file");
        assertUnusable(brokenJar, brokenJar + "!/a/B.class: not a readable class file");
        assertUnusable(dir.resolve("gone"), dir.resolve("gone") + ": cannot read: no such file");
    }

    @Test
    void scan_unreadableInputAsJson_isAReportOfAValidPolicyWithTheError() {
        Path gone = dir.resolve("gone");
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", gone.toString(), "--format", "json");
        assertEquals(2, run.exit());
        Map<?, ?> report = json(run);
        assertEquals(true, report.get("valid"));
        assertEquals(gone + ": cannot read: no such file", report.get("error"));
        assertEquals(List.of(), report.get("findings"));
    }

    private void assertUnusable(Path scanned, String message) {
        Cli.Run run = Cli.run("check", policy.toString(), "--scan", classes.toString(), scanned.toString());
        assertEquals(2, run.exit(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(message), run.err());
    }

    private static Map<?, ?> json(Cli.Run run) {
        return (Map<?, ?>) MiniJson.parse(run.out());
    }

    private static List<?> withoutFiles(Object findings) {
        return ((List<?>) findings).stream().map(finding -> {
            Map<?, ?> copy = new java.util.LinkedHashMap<>((Map<?, ?>) finding);
            copy.remove("file");
            return copy;
        }).toList();
    }
}
