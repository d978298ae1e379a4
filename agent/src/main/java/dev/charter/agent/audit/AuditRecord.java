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

    /** This record as one line of JSON, without the line break; written field by field, as refusals are written often. */
    public String toJson() {
        StringBuilder json = new StringBuilder(320);
        field("{\"ts\":", ts.toString(), json);
        field(",\"identity\":", identity, json);
        field(",\"chain\":", chain, json);
        field(",\"scope\":", scope, json);
        field(",\"resource\":", resource, json);
        field(",\"spend\":", spend, json);
        field(",\"decision\":", decision, json);
        json.append(",\"enforced\":").append(enforced);
        field(",\"reason\":", reason, json);
        field(",\"rule\":", rule, json);
        field(",\"method\":", method, json);
        field(",\"thread\":", thread, json);
        return json.append('}').toString();
    }

    private static void field(String name, Object value, StringBuilder json) {
        json.append(name);
        JsonText.write(value, json);
    }
}
