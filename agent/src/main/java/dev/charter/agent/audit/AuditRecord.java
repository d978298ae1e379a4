package dev.charter.agent.audit;

import java.math.BigDecimal;
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
 */
public record AuditRecord(Instant ts, String identity, List<String> chain, String scope, String resource,
        Number spend, String decision, String reason, String rule, String method, String thread) {

    /** This record as one line of JSON, without the line break. */
    public String toJson() {
        StringBuilder json = new StringBuilder(256).append('{');
        Json.field(json, "ts", ts.toString()).append(',');
        Json.field(json, "identity", identity).append(',');
        Json.name(json, "chain").append('[');
        for (int i = 0; i < chain.size(); i++) {
            Json.string(json.append(i == 0 ? "" : ","), chain.get(i));
        }
        json.append("],");
        Json.field(json, "scope", scope).append(',');
        Json.field(json, "resource", resource).append(',');
        Json.name(json, "spend").append(number(spend)).append(',');
        Json.field(json, "decision", decision).append(',');
        Json.field(json, "reason", reason).append(',');
        Json.field(json, "rule", rule).append(',');
        Json.field(json, "method", method).append(',');
        Json.field(json, "thread", thread);
        return json.append('}').toString();
    }

    private static String number(Number spend) {
        if (spend == null) {
            return "null";
        }
        if (spend instanceof BigDecimal exact) {
            return exact.toPlainString();
        }
        if (spend instanceof Double || spend instanceof Float) {
            double value = spend.doubleValue();
            return Double.isFinite(value) ? BigDecimal.valueOf(value).toPlainString() : "null";
        }
        return spend.toString();
    }
}
