package dev.charter.agent.observe;

import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Decisions to observe, and a log that keeps what reaches it. */
final class Records {

    private Records() {
    }

    static AuditRecord record(String decision, String scope) {
        return new AuditRecord(Instant.EPOCH, "agent:refund-bot", List.of("user:alice"), scope, "order/US-1",
                new BigDecimal("12.50"), decision, "resource not granted", "charter.yaml:11",
                "com.acme.Refunds#refund(java.lang.String,java.math.BigDecimal)", "main", true);
    }

    /** Keeps every decision, load and rejection, in order, as text. */
    static final class Kept implements DecisionLog {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean decision(AuditRecord record) {
            seen.add(record.decision() + " " + record.scope());
            return true;
        }

        @Override
        public void policyLoaded(String file, String mode, int identities) {
            seen.add("loaded " + file + " " + mode + " " + identities);
        }

        @Override
        public void policyRejected(String file, String problem) {
            seen.add("rejected " + problem);
        }
    }
}
