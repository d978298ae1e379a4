package dev.charter.agent.audit;

import java.time.Instant;
import java.util.List;

/**
 * One decision, as written to the audit log: a JSON object on one line.
 *
 * @param identity the identity that asked, or {@code null} when none was bound
 * @param chain its principals, nearest first
 * @param resource the resource acted on, or {@code null}
 * @param spend the amount asked for, or {@code null}
 * @param decision {@code allow} or {@code deny}
 * @param rule the deciding policy line ({@code file:line}), or {@code null}
 * @param method the rewritten method, as {@code com.acme.Refunds#refund(java.lang.String,long)}
 * @param enforced whether the decision took effect: {@code false} in audit mode, where a refused call runs
 */
public record AuditRecord(Instant ts, String identity, List<String> chain, String scope, String resource,
        Number spend, String decision, String reason, String rule, String method, String thread,
        boolean enforced) {

    /** The last second a time stamp was written for, as {@link Instant#toString()} writes it, without the {@code Z}. */
    private static volatile Second second = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    /** This record as one line of JSON, without the line break. */
    public String toJson() {
        JsonText json = new JsonText(320);
        writeJson(json);
        return json.toString();
    }

    /** Appends this record as one line of JSON, without the line break: field by field, as refusals are written often. */
    void writeJson(JsonText json) {
        json.ascii("{\"ts\":");
        timestamp(ts, json);
        json.field(",\"identity\":", identity, 0);
        json.ascii(",\"chain\":");
        json.value(chain);
        json.field(",\"scope\":", scope, 1);
        json.ascii(",\"resource\":");
        json.string(resource);
        json.ascii(",\"spend\":");
        json.value(spend);
        json.field(",\"decision\":", decision, 2);
        json.ascii(enforced ? ",\"enforced\":true" : ",\"enforced\":false");
        json.field(",\"reason\":", reason, 3);
        json.field(",\"rule\":", rule, 4);
        json.field(",\"method\":", method, 5);
        json.field(",\"thread\":", thread, 6);
        json.put('}');
    }

    /** Appends {@code ts} as a JSON string exactly as {@link Instant#toString()} writes it, formatting each second once. */
    static void timestamp(Instant ts, JsonText json) {
        Second last = second;
        if (last.epochSecond() != ts.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(ts.getEpochSecond()).toString();
            last = new Second(ts.getEpochSecond(), whole.substring(0, whole.length() - 1));
            second = last;
        }
        json.put('"');
        json.ascii(last.text());
        int nano = ts.getNano();
        if (nano != 0) { // in groups of three digits, as ISO_INSTANT prints them
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            json.put('.');
            for (int scale = digits == 3 ? 100 : digits == 6 ? 100_000 : 100_000_000; scale > 0; scale /= 10) {
                json.put((char) ('0' + fraction / scale % 10));
            }
        }
        json.ascii("Z\"");
    }
}
