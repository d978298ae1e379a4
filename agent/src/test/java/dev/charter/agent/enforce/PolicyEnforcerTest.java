package dev.charter.agent.enforce;

import static dev.charter.agent.enforce.Thrown.thrown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Gate;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
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

    private final RecordingLog log = new RecordingLog();
    private final List<AuditRecord> records = log.decisions;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Actions actions = new Actions();
    private final ActionSite refund = actions.register("payments:refund", "Refunds#refund(java.lang.String,long)", true, true);

    private PolicyEnforcer enforcer(Mode mode, boolean recordAllows) throws Exception {
        return new PolicyEnforcer(Policy.parse(POLICY, "charter.yaml"), mode, recordAllows, actions, log, clock,
                new InMemoryLedger(), Duration.ofSeconds(5));
    }

    @Test
    void decide_refused_throwsAndRecordsWithChain() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        Gate.Row bot = enforcer.row("agent:bot");
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(bot, refund.id(), "order/US-1", 700L)));
        assertEquals("charter.yaml:9", refused.getRule());
        AuditRecord record = records.get(0);
        assertEquals(List.of("user:alice"), record.chain());
        assertEquals(700L, record.spend());
        assertEquals("Refunds#refund(java.lang.String,long)", record.method());
        assertEquals("deny", record.decision());
    }

    @Test
    void decide_refusedByThePolicy_hasTheRefusedMethodAsItsStackTrace() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> thrown(enforcer.decide(enforcer.row("agent:bot"), refund.id(), "order/US-1", 700L)));
        StackTraceElement[] trace = refused.getStackTrace();
        assertEquals(1, trace.length);
        assertEquals("Refunds", trace[0].getClassName());
        assertEquals("refund", trace[0].getMethodName());
        assertEquals("order/EU-*", refused.getAllowed());
    }

    @Test
    void decide_unbound_hasTheCallersWholeStackTrace() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(null, refund.id(), "order/EU-1", 1L)));
        assertTrue(java.util.Arrays.stream(refused.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("decide_unbound_hasTheCallersWholeStackTrace")));
        assertEquals(PolicyEnforcer.class.getName(), refused.getStackTrace()[0].getClassName(), "the constructor is not in it");
    }

    @Test
    void decide_auditMode_recordsAndLetsTheCallThrough() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.AUDIT, false);
        thrown(enforcer.decide(null, refund.id(), "order/EU-1", 1L));
        assertEquals(1, records.size());
        assertNull(records.get(0).identity());
    }

    @Test
    void decide_allowed_isRecordedOnlyWhenAsked() throws Exception {
        thrown(enforcer(Mode.ENFORCE, false).decide(enforcer(Mode.ENFORCE, false).row("agent:bot"), refund.id(), "order/EU-1", 1L));
        assertEquals(0, records.size());
        PolicyEnforcer recording = enforcer(Mode.ENFORCE, true);
        thrown(recording.decide(recording.row("user:alice"), refund.id(), "order/US-1", 1L));
        assertEquals("allow", records.get(0).decision());
        assertEquals("charter.yaml:5", records.get(0).rule());
    }

    @Test
    void decide_allowedCallWhoseRequiredRecordCannotBeWritten_isRefused_andThatRefusalRecorded() throws Exception {
        PolicyEnforcer recording = enforcer(Mode.ENFORCE, true);
        log.failing = true;
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> thrown(recording.decide(recording.row("user:alice"), refund.id(), "order/US-1", 1L)));
        assertEquals("audit log unavailable: the record of this call cannot be written", refused.getReason());
        assertEquals(List.of("allow", "deny"), records.stream().map(AuditRecord::decision).toList());
    }

    @Test
    void decide_refusalWhoseRecordCannotBeWritten_stillRefuses() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        log.failing = true;
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> thrown(enforcer.decide(enforcer.row("agent:bot"), refund.id(), "order/US-1", 1L)));
        assertEquals("resource not granted", refused.getReason());
    }

    @Test
    void decide_repeatedResource_allocatesNothing() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        Gate.Row bot = enforcer.row("agent:bot");
        String order = "order/EU-42";
        Object spend = 4_200L;
        for (int i = 0; i < 100_000; i++) {
            // warm up: the cache sizes its frequency sketch on its first maintenance runs
            thrown(enforcer.decide(bot, refund.id(), order, spend));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            thrown(enforcer.decide(bot, refund.id(), order, spend));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // one object per call would be 1.6 MB; the cache's occasional upkeep is a few hundred bytes in all
        assertTrue(allocated < 10_000, allocated + " bytes over 100000 cached resource decisions");
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
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(enforcer.row("user:alice"), bad.id(), null, null)));
        assertTrue(refused.getReason().startsWith("invalid scope: "), refused.getReason());
    }

    @Test
    void mayBind_fromUnboundThread_anyDeclaredIdentity() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        enforcer.mayBind(null, "agent:bot");
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> enforcer.mayBind(null, "agent:ghost"));
        assertEquals("unbound thread may not charter:bind on \"agent:ghost\": identity is not declared in the policy",
                refused.getMessage());
    }

    @Test
    void mayBind_delegateOrSameOrSession_isAllowed_principalIsNot() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        enforcer.mayBind("user:alice", "agent:bot");
        enforcer.mayBind("user:alice", "user:alice");
        enforcer.session("user:alice", "user:alice/session:t", Duration.ofMinutes(1), List.of("payments:refund"));
        enforcer.mayBind("user:alice", "user:alice/session:t");
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> enforcer.mayBind("agent:bot", "user:alice"));
        assertEquals("agent:bot may not charter:bind on \"user:alice\": user:alice does not act on behalf of agent:bot",
                refused.getMessage());
        assertEquals("charter:bind", records.get(records.size() - 1).scope());
    }

    @Test
    void mayBind_auditMode_recordsButAllows() throws Exception {
        enforcer(Mode.AUDIT, false).mayBind("agent:bot", "user:alice");
        assertEquals("deny", records.get(0).decision());
    }

    @Test
    void session_holdsOnlyItsScopesWithinTheParents_untilItExpires() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        ActionSite report = actions.register("payments:report", "Refunds#report()", false, false);
        enforcer.session("agent:bot", "agent:bot/session:eu", Duration.ofSeconds(30), List.of("payments:refund"));
        Gate.Row session = enforcer.row("agent:bot/session:eu");
        thrown(enforcer.decide(session, refund.id(), "order/EU-1", 1L));
        ScopeViolation beyondParent = assertThrows(ScopeViolation.class,
                () -> thrown(enforcer.decide(session, refund.id(), "order/US-1", 1L)));
        assertEquals("exceeds the authority of principal agent:bot (resource not granted)", beyondParent.getReason());
        ScopeViolation notListed = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(session, report.id(), null, null)));
        assertEquals("not among the session's scopes [payments:refund]", notListed.getReason());
        assertEquals(List.of("agent:bot", "user:alice"), records.get(records.size() - 1).chain());
        clock.advance(Duration.ofSeconds(30));
        ScopeViolation expired = assertThrows(ScopeViolation.class,
                () -> thrown(enforcer.decide(session, refund.id(), "order/EU-1", 1L)));
        assertEquals("session expired at 2026-11-23T10:00:30Z", expired.getReason());
    }

    @Test
    void session_badScopePattern_isRefused() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> enforcer.session("user:alice", "user:alice/session:x", Duration.ofMinutes(1), List.of("pay*")));
        assertTrue(bad.getMessage().startsWith("session scope 'pay*': "), bad.getMessage());
    }

    @Test
    void reload_decidesUnderTheNewPolicy_evenWithARowOfTheOld() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        Gate.Row before = enforcer.row("agent:bot");
        thrown(enforcer.decide(before, refund.id(), "order/EU-1", 1L));
        enforcer.reload(Policy.parse(POLICY.replace("order/EU-*", "order/US-*"), "charter.yaml"));
        assertEquals(before.generation() + 1, enforcer.row("agent:bot").generation());
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(before, refund.id(), "order/EU-1", 1L)));
        assertEquals("resource not granted", refused.getReason());
        thrown(enforcer.decide(before, refund.id(), "order/US-1", 1L));
        assertEquals(List.of("charter.yaml"), log.loaded, "the reload is recorded");
    }

    @Test
    void reload_isRecordedBeforeAnyCallIsDecidedUnderIt() throws Exception {
        // an audit log reads as what happened: no decision under a policy comes before the record of its load
        java.util.concurrent.atomic.AtomicReference<PolicyEnforcer> self = new java.util.concurrent.atomic.AtomicReference<>();
        List<String> whileRecording = new ArrayList<>();
        dev.charter.agent.audit.DecisionLog probing = new dev.charter.agent.audit.DecisionLog() {
            @Override
            public boolean decision(AuditRecord record) {
                return true;
            }

            @Override
            public void policyLoaded(String file, String mode, int identities) {
                PolicyEnforcer enforcer = self.get();
                if (enforcer != null) {
                    whileRecording.add(enforcer.decide(enforcer.row("agent:bot"), refund.id(), "order/US-1", 1L) == null
                            ? "allowed" : "refused");
                }
            }

            @Override
            public void policyRejected(String file, String problem) {
            }
        };
        PolicyEnforcer enforcer = new PolicyEnforcer(Policy.parse(POLICY, "charter.yaml"), Mode.ENFORCE, false, actions,
                probing, clock, new InMemoryLedger(), Duration.ofSeconds(5));
        self.set(enforcer);
        enforcer.reload(Policy.parse(POLICY.replace("order/EU-*", "order/US-*"), "charter.yaml"));
        assertEquals(List.of("refused"), whileRecording, "while its load is recorded, the old policy still decides");
        assertNull(enforcer.decide(enforcer.row("agent:bot"), refund.id(), "order/US-1", 1L), "and the new one after");
    }

    @Test
    void reload_keepsSessionsAndResolvesThemUnderTheNewPolicy() throws Exception {
        PolicyEnforcer enforcer = enforcer(Mode.ENFORCE, false);
        enforcer.session("agent:bot", "agent:bot/session:s", Duration.ofMinutes(1), List.of("payments:*"));
        thrown(enforcer.decide(enforcer.row("agent:bot/session:s"), refund.id(), "order/EU-1", 1L));
        enforcer.reload(Policy.parse(POLICY.replace("order/EU-*", "order/US-*"), "charter.yaml"));
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> thrown(enforcer.decide(enforcer.row("agent:bot/session:s"), refund.id(), "order/EU-1", 1L)));
        assertEquals("exceeds the authority of principal agent:bot (resource not granted)", refused.getReason());
    }
}
