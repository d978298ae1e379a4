package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code check --format sarif}: valid SARIF 2.1.0, with each finding on the policy line it is about. */
class MainSarifTest {

    private static Schema sarif;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSarifSchema() throws IOException {
        try (InputStream in = MainSarifTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            sarif = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(JsonMapper.builder().build().readTree(in));
        }
    }

    private Map<?, ?> checkAsSarif(String yaml, int exit) throws IOException {
        Path policy = dir.resolve("charter.yaml");
        Files.writeString(policy, yaml);
        Cli.Run run = Cli.run("check", policy.toString(), "--format", "sarif");
        assertEquals(exit, run.exit(), run::toString);
        String log = run.out().strip();
        assertEquals(1, run.out().lines().count(), "one line of JSON");
        List<Error> errors = sarif.validate(log, com.networknt.schema.InputFormat.JSON);
        assertEquals(List.of(), errors, log);
        return (Map<?, ?>) MiniJson.parse(log);
    }

    private static List<?> results(Map<?, ?> log) {
        assertEquals("2.1.0", log.get("version"));
        Map<?, ?> run = (Map<?, ?>) ((List<?>) log.get("runs")).get(0);
        assertEquals("charter", ((Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver")).get("name"));
        return (List<?>) run.get("results");
    }

    private static Map<?, ?> region(Map<?, ?> result) {
        Map<?, ?> location = (Map<?, ?>) ((List<?>) result.get("locations")).get(0);
        return (Map<?, ?>) ((Map<?, ?>) location.get("physicalLocation")).get("region");
    }

    @Test
    void narrowedDelegate_isAWarningOnItsGrantsLine() throws IOException {
        Map<?, ?> log = checkAsSarif("""
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
                """, 1);
        List<?> results = results(log);
        assertEquals(1, results.size(), results::toString);
        Map<?, ?> result = (Map<?, ?>) results.get(0);
        assertEquals("narrowed-delegate", result.get("ruleId"));
        assertEquals("warning", result.get("level"));
        assertEquals(10L, region(result).get("startLine"));
        assertTrue(((Map<?, ?>) result.get("message")).get("text").toString().contains("agent:bot"));
    }

    @Test
    void leasedOverlap_isANote() throws IOException {
        Map<?, ?> log = checkAsSarif("""
                version: 1
                identities:
                  agent:pricing-bot:
                    grants: [{scope: "catalog:price:write", resources: ["sku/**"]}]
                  agent:promo-bot:
                    grants: [{scope: "catalog:price:*", resources: ["sku/eu/*"]}]
                governance:
                  - exclusive: "catalog:price:*"
                    lease: 30s
                """, 0);
        Map<?, ?> result = (Map<?, ?>) results(log).stream()
                .filter(each -> "leased-overlap".equals(((Map<?, ?>) each).get("ruleId"))).findFirst().orElseThrow();
        assertEquals("note", result.get("level"));
        assertEquals(8L, region(result).get("startLine"));
    }

    @Test
    void invalidPolicy_isAnErrorAtItsLineAndColumn() throws IOException {
        Map<?, ?> log = checkAsSarif("version: 1\nidentities:\n  user:alice:\n    grantz: []\n", 2);
        List<?> results = results(log);
        assertEquals(1, results.size());
        Map<?, ?> result = (Map<?, ?>) results.get(0);
        assertEquals("invalid-policy", result.get("ruleId"));
        assertEquals("error", result.get("level"));
        assertEquals(4L, region(result).get("startLine"));
        assertEquals(5L, region(result).get("startColumn"));
    }

    @Test
    void cleanPolicy_hasNoResults() throws IOException {
        Map<?, ?> log = checkAsSarif("version: 1\nidentities:\n  user:alice:\n    grants: [{scope: \"orders:read\"}]\n", 0);
        assertEquals(List.of(), results(log));
    }
}
