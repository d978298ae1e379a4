package dev.charter.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditRecordTest {

    private static final Instant TS = Instant.parse("2026-11-23T10:15:30Z");

    @Test
    void toJson_writesEveryFieldInOrder() {
        AuditRecord record = new AuditRecord(TS, "agent:bot", List.of("user:alice", "user:root"), "payments:refund",
                "order/EU-1", 250L, "deny", "resource not granted", "charter.yaml:11",
                "com.acme.Refunds#refund(java.lang.String,long)", "worker-1", true);
        assertEquals("{\"ts\":\"2026-11-23T10:15:30Z\",\"identity\":\"agent:bot\",\"chain\":[\"user:alice\",\"user:root\"],"
                + "\"scope\":\"payments:refund\",\"resource\":\"order/EU-1\",\"spend\":250,\"decision\":\"deny\",\"enforced\":true,"
                + "\"reason\":\"resource not granted\",\"rule\":\"charter.yaml:11\","
                + "\"method\":\"com.acme.Refunds#refund(java.lang.String,long)\",\"thread\":\"worker-1\"}",
                record.toJson());
    }

    @Test
    void timestamp_isWhatInstantPrints_forEveryPrecisionAndAcrossSeconds() {
        java.util.Random random = new java.util.Random(7);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, TS, TS.plusMillis(5), TS.plusNanos(5_000),
                TS.plusNanos(5), TS.plusNanos(999_999_999), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("+12026-01-01T00:00:00.120Z")));
        for (int i = 0; i < 2_000; i++) {
            long second = TS.getEpochSecond() + random.nextInt(3); // repeats: the formatted second is reused
            int nano = switch (i % 4) {
                case 0 -> random.nextInt(1_000) * 1_000_000;
                case 1 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nano));
        }
        for (Instant instant : instants) {
            JsonText json = new JsonText(8);
            AuditRecord.timestamp(instant, json);
            assertEquals("\"" + instant + "\"", json.toString());
        }
    }

    @Test
    void writeJson_intoOneReusedBuffer_writesWhatAFreshOneWrites_asFieldsRepeatAndChange() {
        // the reused buffer copies a field's bytes when its value is the very string it wrote last
        String[] pool = {"agent:bot", new String("agent:bot"), "user:alice", "a\nb \u2028 \ud83d", null, "x".repeat(600)};
        java.util.Random random = new java.util.Random(11);
        JsonText reused = new JsonText(16);
        for (int i = 0; i < 3_000; i++) {
            AuditRecord record = new AuditRecord(TS, pick(pool, random), List.of(), String.valueOf(pick(pool, random)),
                    pick(pool, random), null, random.nextBoolean() ? "deny" : "allow", pick(pool, random), pick(pool, random),
                    String.valueOf(pick(pool, random)), pick(pool, random), random.nextBoolean());
            reused.clear();
            record.writeJson(reused);
            assertEquals(record.toJson(), reused.toString());
        }
    }

    private static String pick(String[] pool, java.util.Random random) {
        return pool[random.nextInt(pool.length)];
    }

    @Test
    void toJson_auditMode_saysNotEnforced() {
        AuditRecord record = new AuditRecord(TS, "i", List.of(), "s", null, null, "deny", "r", null, "m", "t", false);
        assertEquals("false", record.toJson().split("\"enforced\":")[1].split(",")[0]);
    }

    @Test
    void toJson_unboundAndUnknown_areNulls() {
        AuditRecord record = new AuditRecord(TS, null, List.of(), "s", null, null, "deny", "r", null, "m", "t", true);
        assertEquals("{\"ts\":\"2026-11-23T10:15:30Z\",\"identity\":null,\"chain\":[],\"scope\":\"s\",\"resource\":null,"
                + "\"spend\":null,\"decision\":\"deny\",\"enforced\":true,\"reason\":\"r\",\"rule\":null,\"method\":\"m\",\"thread\":\"t\"}",
                record.toJson());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "quote\"d          | \"quote\\\"d\"",
        "back\\slash       | \"back\\\\slash\"",
        "tab\there         | \"tab\\there\"",
    })
    void toJson_escapesStrings(String raw, String json) {
        AuditRecord record = new AuditRecord(TS, raw, List.of(), "s", null, null, "deny", "r", null, "m", "t", true);
        assertEquals(json, record.toJson().split("\"identity\":")[1].split(",\"chain\"")[0]);
    }

    @Test
    void toJson_controlCharactersAndLineBreaks_neverBreakTheLine() {
        AuditRecord record = new AuditRecord(TS, "a\nb\r\u0001\u2028", List.of(), "s", null, null, "deny", "r", null, "m", "t", true);
        String json = record.toJson();
        assertEquals(-1, json.indexOf('\n'));
        assertEquals("\"a\\nb\\r\\u0001\\u2028\"", json.split("\"identity\":")[1].split(",\"chain\"")[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0.10, 0.10", "1E+3, 1000"})
    void toJson_bigDecimalSpend_isPlainAndExact(String amount, String json) {
        AuditRecord record = new AuditRecord(TS, "i", List.of(), "s", null, new BigDecimal(amount), "deny", "r", null, "m", "t", true);
        assertEquals(json, record.toJson().split("\"spend\":")[1].split(",")[0]);
    }

    @Test
    void toJson_nonFiniteDouble_isNull() {
        AuditRecord record = new AuditRecord(TS, "i", List.of(), "s", null, Double.NaN, "deny", "r", null, "m", "t", true);
        assertEquals("null", record.toJson().split("\"spend\":")[1].split(",")[0]);
    }
}
