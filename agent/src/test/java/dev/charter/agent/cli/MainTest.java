package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.audit.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's arguments, exit codes and {@code check} reports without scanning. */
class MainTest {

    private static final String CLEAN = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
            """;

    private static final String NARROWED = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:*"
                    resources: ["order/**"]
                  - scope: "orders:delete"
                  - scope: "payments:refund"
                    resources: ["order/EU-1"]
            """;

    private static final String LEASED = """
            version: 1
            identities:
              agent:pricing-bot:
                grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
              agent:promo-bot:
                grants: [{scope: "catalog:price:*", resources: ["sku/eu/*"]}]
            governance:
              - exclusive: "catalog:price:*"
                lease: 30s
            """;

    /** The seed's very failure: two unrelated agents that may both reprice one product. */
    private static final String OVERLAPPING = """
            version: 1
            identities:
              agent:pricing-bot:
                grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
              agent:promo-bot:
                grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writePolicies() throws Exception {
        Files.writeString(dir.resolve("clean.yaml"), CLEAN);
        Files.writeString(dir.resolve("narrowed.yaml"), NARROWED);
        Files.writeString(dir.resolve("leased.yaml"), LEASED);
        Files.writeString(dir.resolve("overlapping.yaml"), OVERLAPPING);
        Files.writeString(dir.resolve("shared.yaml"), OVERLAPPING + "governance:\n  - shared: \"catalog:price:write\"\n");
        Files.writeString(dir.resolve("invalid.yaml"), "version: 1\nidentities:\n  user:alice:\n    grantz: []\n");
    }

    /** {@code {name}} in the arguments stands for {@code name.yaml} in the test's directory; "say" is in the output or errors. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                   | 2 | usage: java -jar charter-agent.jar <command>
            frobnicate                                           | 2 | unknown command 'frobnicate'
            check                                                | 2 | missing arguments
            check {clean} {clean}                                | 2 | too many arguments
            check {clean} --format xml                           | 2 | unknown format 'xml' (text, json, sarif)
            check {clean} --format                               | 2 | option '--format' needs a value
            check {clean} --format json --format=text            | 2 | option '--format' is given twice
            check {clean} --scan                                 | 2 | option '--scan' needs at least one value
            check {clean} --scan --format json                   | 2 | option '--scan' needs at least one value
            check {clean} --verbose                              | 2 | unknown option '--verbose'
            check {invalid}                                      | 2 | invalid.yaml:4:5: unknown key 'grantz'
            check {missing}                                      | 2 | missing.yaml: cannot read: no such file
            check {clean} --scan {missing}                       | 2 | missing.yaml: cannot read: no such file
            check {clean}                                        | 0 | clean.yaml: no findings
            check {clean} --format=json                          | 0 | "findings":[]
            check {leased}                                       | 0 | leased.yaml: no findings, 1 note
            check {narrowed}                                     | 1 | narrowed.yaml: 2 findings
            check {narrowed} --format json                       | 1 | "kind":"narrowed-delegate"
            check {overlapping}                                  | 1 | overlapping.yaml: 1 finding
            check {overlapping} --format json                    | 1 | "kind":"overlap"
            check {shared}                                       | 0 | shared.yaml: no findings
            explain {clean} agent:bot payments:refund order/EU-1 | 0 | ALLOW agent:bot payments:refund on order/EU-1
            explain {clean} agent:bot payments:refund order/US-1 | 1 | DENY agent:bot payments:refund on order/US-1
            explain {clean} agent:bot payments:refund --spend 1  | 1 | DENY agent:bot payments:refund: granted only on listed resources
            explain {clean} agent:bot                            | 2 | missing arguments
            explain {clean} agent:bot a b c                      | 2 | too many arguments
            explain {clean} agent:bot payments:*                 | 2 | invalid scope: scope 'payments:*' contains '*'
            explain {clean} agent:bot payments:refund --spend x  | 2 | --spend: 'x' is not a number
            explain {clean} agent:bot payments:refund --spend    | 2 | option '--spend' needs a value
            explain {clean} agent:bot payments:refund --format json | 2 | unknown option '--format'
            explain {invalid} agent:bot payments:refund          | 2 | invalid.yaml:4:5: unknown key 'grantz'
            explain {missing} agent:bot payments:refund          | 2 | missing.yaml: cannot read: no such file
            """)
    void run_exitCodes_table(String args, int exit, String say) {
        String[] split = args.isEmpty() ? new String[0] : args.split(" ");
        for (int i = 0; i < split.length; i++) {
            split[i] = split[i].replaceAll("\\{(\\w+)}", dir.toString().replace("\\", "\\\\") + "/$1.yaml");
        }
        Cli.Run run = Cli.run(split);
        assertEquals(exit, run.exit(), run.toString());
        assertTrue(run.out().contains(say) || run.err().contains(say), run.toString());
        if (exit == 2) {
            assertTrue(!run.err().isEmpty(), "bad input says why on standard error\n" + run);
        }
    }

    @Test
    void check_cleanPolicy_saysValidAndNoFindings() {
        Path policy = dir.resolve("clean.yaml");
        Cli.Run run = Cli.run("check", policy.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(policy + ": valid (2 identities, mode enforce)\n" + policy + ": no findings\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void check_invalidPolicy_givesFileLineColumnOnStandardErrorOnly() {
        Path policy = dir.resolve("invalid.yaml");
        Cli.Run run = Cli.run("check", policy.toString());
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(policy + ":4:5: unknown key 'grantz'"), run.err());
    }

    @Test
    void check_invalidPolicyAsJson_isAReportWithTheError() {
        Path policy = dir.resolve("invalid.yaml");
        Cli.Run run = Cli.run("check", policy.toString(), "--format", "json");
        assertEquals(2, run.exit());
        Map<?, ?> report = (Map<?, ?>) MiniJson.parse(run.out());
        assertEquals(policy.toString(), report.get("file"));
        assertEquals(false, report.get("valid"));
        assertEquals(run.err().strip(), report.get("error"));
        assertEquals(List.of(), report.get("findings"));
        assertEquals(List.of(), report.get("information"));
    }

    @Test
    void check_delegatesGrantedMoreThanTheirPrincipal_areFindingsNamingTheGrant() {
        Path policy = dir.resolve("narrowed.yaml");
        Cli.Run run = Cli.run("check", policy.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(policy + ": valid (2 identities, mode enforce)\n"
                + "delegates granted more than their principal (2):\n"
                + "  " + policy + ":10: agent:bot: grant 'payments:*' on order/** reaches beyond the authority of principal "
                + "user:alice, so it does less than written (e.g. payments:refund on order/x is refused)\n"
                + "  " + policy + ":12: agent:bot: grant 'orders:delete' lies outside the authority of principal "
                + "user:alice, so it can never be used (e.g. orders:delete is refused)\n"
                + policy + ": 2 findings\n", run.out());
    }

    @Test
    void check_delegatesAsJson_isExactlyThisObject() {
        Path policy = dir.resolve("narrowed.yaml");
        Cli.Run run = Cli.run("check", policy.toString(), "--format", "json");
        String file = JsonText.of(policy.toString());
        String rule10 = JsonText.of(policy + ":10");
        String rule12 = JsonText.of(policy + ":12");
        assertEquals("{\"file\":" + file + ",\"valid\":true,\"error\":null,\"identities\":2,\"mode\":\"enforce\",\"scanned\":null,"
                + "\"findings\":[{\"kind\":\"narrowed-delegate\",\"message\":\"agent:bot: grant 'payments:*' on order/** reaches "
                + "beyond the authority of principal user:alice, so it does less than written (e.g. payments:refund on order/x is "
                + "refused)\",\"rule\":" + rule10 + ",\"location\":" + rule10 + ",\"identity\":\"agent:bot\",\"principal\":"
                + "\"user:alice\",\"scope\":\"payments:refund\",\"resource\":\"order/x\",\"unusable\":false},"
                + "{\"kind\":\"narrowed-delegate\",\"message\":\"agent:bot: grant 'orders:delete' lies outside the authority of "
                + "principal user:alice, so it can never be used (e.g. orders:delete is refused)\",\"rule\":" + rule12
                + ",\"location\":" + rule12 + ",\"identity\":\"agent:bot\",\"principal\":\"user:alice\",\"scope\":\"orders:delete\","
                + "\"resource\":\"x\",\"unusable\":true}],\"information\":[]}\n", run.out());
        MiniJson.parse(run.out());
    }

    @Test
    void check_overlapSettledByLeases_isInformationAndExitsZero() {
        Path policy = dir.resolve("leased.yaml");
        Cli.Run run = Cli.run("check", policy.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(policy + ": valid (2 identities, mode enforce)\n"
                + "overlaps on exclusive scopes, settled at run time by leases (1):\n"
                + "  " + policy + ":8: exclusive 'catalog:price:*' (lease 30s): agent:pricing-bot (" + policy + ":4) and "
                + "agent:promo-bot (" + policy + ":6) both reach it, e.g. catalog:price:write on sku/eu/x; whichever acts "
                + "first on a resource holds it\n"
                + policy + ": no findings, 1 note\n", run.out());
    }

    @Test
    void check_twoUnrelatedIdentitiesOnOneScopeAndResource_isAFindingNamingBothGrants() {
        Path policy = dir.resolve("overlapping.yaml");
        Cli.Run run = Cli.run("check", policy.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(policy + ": valid (2 identities, mode enforce)\n"
                + "authority two identities both hold, on a scope neither exclusive nor shared (1):\n"
                + "  " + policy + ":4: agent:pricing-bot (" + policy + ":4) and agent:promo-bot (" + policy + ":6) both hold "
                + "catalog:price:write on sku/x, and neither acts for the other: govern it with exclusive: or acknowledge "
                + "it with shared:\n"
                + policy + ": 1 finding\n", run.out());
    }

    @Test
    void check_overlapAsJson_listsItUnderInformation() {
        Cli.Run run = Cli.run("check", dir.resolve("leased.yaml").toString(), "--format", "json");
        Map<?, ?> report = (Map<?, ?>) MiniJson.parse(run.out());
        assertEquals(List.of(), report.get("findings"));
        Map<?, ?> overlap = (Map<?, ?>) ((List<?>) report.get("information")).get(0);
        assertEquals("leased-overlap", overlap.get("kind"));
        assertEquals(dir.resolve("leased.yaml") + ":8", overlap.get("rule"));
        assertEquals("30s", overlap.get("lease"));
        assertEquals(List.of("agent:pricing-bot", "agent:promo-bot", "catalog:price:write", "sku/eu/x"),
                List.of(overlap.get("first"), overlap.get("second"), overlap.get("scope"), overlap.get("resource")));
    }
}
