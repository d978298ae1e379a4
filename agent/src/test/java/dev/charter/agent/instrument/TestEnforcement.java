package dev.charter.agent.instrument;

import dev.charter.Gate;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The enforcer of this test JVM: the gate takes one per JVM, so all in-process tests share it. */
public final class TestEnforcement {

    static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                  - scope: "orders:read"
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
              agent:spender:
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
                    budget: { limit: 1000000000000000, per: 1d }
                    rate: { calls: 1000000000000000, per: 1d }
            """;

    private static final RecordingLog LOG = new RecordingLog();
    static final List<AuditRecord> RECORDS = LOG.decisions;
    private static Actions actions;

    private TestEnforcement() {
    }

    public static synchronized Actions actions() {
        if (actions == null) {
            try {
                actions = new Actions();
                Gate.install(new PolicyEnforcer(Policy.parse(POLICY, "test.yaml"), Mode.ENFORCE, false, actions, LOG,
                        Clock.systemUTC(),
                        new InMemoryLedger(), Duration.ofSeconds(5)));
            } catch (PolicyException e) {
                throw new AssertionError(e);
            }
        }
        return actions;
    }
}
