package dev.charter.agent.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** This record as one line of JSON, without the line break. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ts", ts.toString());
        json.put("identity", identity);
        json.put("chain", chain);
        json.put("scope", scope);
        json.put("resource", resource);
        json.put("spend", spend);
        json.put("decision", decision);
        json.put("enforced", enforced);
        json.put("reason", reason);
        json.put("rule", rule);
        json.put("method", method);
        json.put("thread", thread);
        return JsonText.of(json);
    }
}
