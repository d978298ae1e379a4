package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.it.app.Limited;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spend limits, budgets along the chain, rates, deferral to a governor and leases, in a JVM with the agent. */
class LimitsIT {

    private static final Path POLICY = Jvm.resource("it/limits.yaml");
    @TempDir
    static Path dir;
    private static Path audit;
    private static Jvm.Result run;

    @BeforeAll
    static void run() throws Exception {
        audit = dir.resolve("audit.jsonl");
        run = Jvm.fork().withCharter("policy=" + POLICY + ",audit=" + audit).run(Limited.class);
        assertEquals(0, run.exit(), run::toString);
    }

    /**
     * In {@code outcome}, {@code @} stands for the policy file's path and a colon, {@code {tomorrow}} for
     * the next midnight UTC (when a day's budget renews), {@code {next-hour}} for the next full hour.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "small-refund           | ALLOWED",
        "over-max-per-call      | DENIED agent:refund-bot may not payments:refund on \"order/EU-2\": max-per-call 500 exceeded: 600 asked (@12); allowed: at most 500 per call",
        "deferred-approved      | ALLOWED",
        "deferred-refused       | DENIED agent:refund-bot may not payments:refund on \"order/EU-4\": deferred for approval (spend over 300), refused: over 450 needs a second signature (@27); allowed: up to 300 without approval",
        "deferred-no-governor   | DENIED agent:refund-bot may not payments:refund on \"order/EU-5\": deferred for approval (spend over 300), refused: no governor is registered (Charter.governor) (@27); allowed: up to 300 without approval",
        "bot-budget-refunds     | 4",
        "bot-budget-exhausted   | DENIED agent:refund-bot may not payments:refund on \"order/EU-9\": budget 2000/1d exhausted: 1800 spent, 300 asked (@12); allowed: 200 of 2000 left until {tomorrow}",
        "alice-budget-after-bot | ALLOWED",
        "alice-budget-over      | DENIED user:alice may not payments:refund on \"order/US-2\": budget 5000/1d exhausted: 5000 spent, 1 asked (@5); allowed: 0 of 5000 left until {tomorrow}",
        "rate-3                 | ALLOWED",
        "rate-4                 | DENIED user:alice may not reports:run on \"daily\": rate 3/1h reached: 3 calls in this window (@7); allowed: calls again from {next-hour}",
        "lease-first            | ALLOWED",
        "lease-other-resource   | ALLOWED",
        "lease-after-expiry     | ALLOWED",
    })
    void outcome(String scenario, String outcome) {
        Instant now = Instant.now();
        assertEquals(outcome.replace("@", POLICY + ":")
                .replace("{tomorrow}", now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS).toString())
                .replace("{next-hour}", now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).toString()),
                run.outcome(scenario), run::toString);
    }

    @Test
    void lease_heldByAnother_namesTheHolderAndUntilWhen() {
        assertTrue(run.outcome("lease-held").startsWith("DENIED agent:promo-bot may not catalog:price:write on \"sku/mug\":"
                + " held by agent:pricing-bot until "), run::toString);
        assertTrue(run.outcome("lease-held").contains("(" + POLICY + ":30); allowed: free from "), run::toString);
    }

    @Test
    void deferrals_areAuditedWithTheirOutcome() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = Files.readAllLines(audit).stream().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).filter(record -> record.has("decision")).toList();
        List<String> kinds = records.stream().map(r -> r.get("decision").asText()).toList();
        assertEquals(2, kinds.stream().filter("defer-approved"::equals).count(), kinds.toString());
        assertEquals(2, kinds.stream().filter("defer-denied"::equals).count(), kinds.toString());
        JsonNode approved = records.stream().filter(r -> r.get("decision").asText().equals("defer-approved")).findFirst().orElseThrow();
        assertEquals("agent:refund-bot", approved.get("identity").asText());
        assertEquals(400, approved.get("spend").asInt());
        assertEquals(POLICY + ":27", approved.get("rule").asText());
        assertTrue(records.stream().allMatch(r -> !r.get("decision").asText().equals("deny") || !r.get("rule").isNull()),
                "every refusal here names its rule");
    }
}
