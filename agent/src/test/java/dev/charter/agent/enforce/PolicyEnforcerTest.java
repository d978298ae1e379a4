package dev.charter.agent.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Gate;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEnforcerTest {

    private static final String POLICY = """
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

    private final List<AuditRecord> records = new ArrayList<>();
    private final Actions actions = new Actions();
    private final ActionSite refund = actions.register("payments:refund", "Refunds#refund(java.lang.String,long)", true, true);

    private PolicyEnforcer enforcer(Mode mode, boolean recordAllows) throws Exception {
        DecisionLog log = new DecisionLog() {
            @Override
            public void decision(AuditRecord record) {
                records.add(record);
            }

            @Override
            public void policyLoaded(String file, String mode, int identities) {
            }
        };
        return new PolicyEnforcer(Policy.parse(POLICY, "charter.yaml"), mode, recordAllows, actions, log);
    }

    @Test
    void decide_refused_throwsAndRecordsWithChain() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        Gate.Row bot = enforcer.row("agent:bot");
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> enforcer.decide(bot, refund.id(), "order/US-1", 700L));
        assertEquals("charter.yaml:9", refused.getRule());
        AuditRecord record = records.get(0);
        assertEquals(List.of("user:alice"), record.chain());
        assertEquals(700L, record.spend());
        assertEquals("Refunds#refund(java.lang.String,long)", record.method());
        assertEquals("deny", record.decision());
    }

    @Test
    void decide_auditMode_recordsAndLetsTheCallThrough() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.AUDIT, false);
        enforcer.decide(null, refund.id(), "order/EU-1", 1L);
        assertEquals(1, records.size());
        assertNull(records.get(0).identity());
    }

    @Test
    void decide_allowed_isRecordedOnlyWhenAsked() throws Exception {
        enforcer(Mode.ENFORCE, false).decide(enforcer(Mode.ENFORCE, false).row("agent:bot"), refund.id(), "order/EU-1", 1L);
        assertEquals(0, records.size());
        PolicyEnforcer recording = enforcer(Mode.ENFORCE, true);
        recording.decide(recording.row("user:alice"), refund.id(), "order/US-1", 1L);
        assertEquals("allow", records.get(0).decision());
        assertEquals("charter.yaml:5", records.get(0).rule());
    }

    @Test
    void decide_repeatedResource_allocatesNothing() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        Gate.Row bot = enforcer.row("agent:bot");
        String order = "order/EU-42";
        for (int i = 0; i < 100_000; i++) {
            // warm up: the cache sizes its frequency sketch on its first maintenance runs
            enforcer.decide(bot, refund.id(), order, null);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            enforcer.decide(bot, refund.id(), order, null);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1_024, allocated + " bytes over 100000 cached resource decisions");
    }

    @Test
    void row_isRebuiltWhenActionsAreAdded() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        assertEquals(1, enforcer.row("user:alice").actions());
        actions.register("payments:report", "Refunds#report()", false, false);
        assertEquals(2, enforcer.row("user:alice").actions());
    }

    @Test
    void register_sameMethodAgain_keepsItsId() {
        assertEquals(refund, actions.register("payments:refund", "Refunds#refund(java.lang.String,long)", true, true));
        assertEquals(1, actions.count());
    }

    @Test
    void register_invalidScope_isAlwaysRefused() throws Exception {
        ActionSite bad = actions.register("payments:*", "Refunds#wild()", false, false);
        assertTrue(bad.invalid() != null);
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> enforcer.decide(enforcer.row("user:alice"), bad.id(), null, null));
        assertTrue(refused.getReason().startsWith("invalid scope: "), refused.getReason());
    }
}
