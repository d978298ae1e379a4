package dev.charter.agent.enforce;

import static dev.charter.agent.enforce.Thrown.thrown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Charter;
import dev.charter.Governor;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits, deferral and leases at their edges, with a clock the test moves. */
class ConstraintsTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                    budget: { limit: 5000, per: 1d }
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    max-per-call: 500
                    budget: { limit: 2000, per: 1d }
                    rate: { calls: 10, per: 1m }
                    active: { days: MON-FRI, from: "08:00", to: "18:00", zone: Europe/Berlin }
                    expires: 2026-12-31T00:00:00Z
              agent:pricing:
                grants:
                  - scope: "catalog:price:write"
              agent:promo:
                grants:
                  - scope: "catalog:price:write"
            governance:
              - scope: "payments:refund"
                when: { spend-over: 300 }
                defer: approval
              - exclusive: "catalog:price:*"
                lease: 30s
            """;

    /** Monday 23 November 2026, 10:00 in Berlin. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    private final RecordingLog log = new RecordingLog();
    private final List<AuditRecord> records = log.decisions;
    private final Actions actions = new Actions();
    private final ActionSite refund = actions.register("payments:refund", "Desk#refund(java.lang.String,long)", true, true);
    private final ActionSite price = actions.register("catalog:price:write", "Book#price(java.lang.String)", true, false);
    private final PolicyEnforcer enforcer;

    ConstraintsTest() throws Exception {
        enforcer = new PolicyEnforcer(Policy.parse(POLICY, "c.yaml"), Mode.ENFORCE, false, actions, log, clock,
                new InMemoryLedger(), Duration.ofMillis(300));
    }

    @AfterEach
    void noGovernor() {
        Charter.governor(null);
    }

    private void refund(String identity, long amount) {
        thrown(enforcer.decide(enforcer.row(identity), refund.id(), "order/EU-1", amount));
    }

    private String refused(String identity, long amount) {
        return assertThrows(ScopeViolation.class, () -> refund(identity, amount)).getMessage();
    }

    @Test
    void maxPerCall_exactlyAtTheBound_isAllowed_overIsNot() {
        Charter.governor(deferral -> Governor.Verdict.approve("fine"));
        refund("agent:bot", 500);
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": max-per-call 500 exceeded: 501 asked (c.yaml:10); allowed: at most 500 per call",
                refused("agent:bot", 501));
    }

    @Test
    void budget_countsAlongTheChain() {
        for (int minute = 0; minute < 8; minute++) {
            refund("agent:bot", 250);
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": budget 2000/1d exhausted: 2000 spent, 1 asked (c.yaml:10); allowed: 0 of 2000 left until 2026-11-24T00:00:00Z",
                refused("agent:bot", 1));
        for (int i = 0; i < 10; i++) {
            refund("user:alice", 300);
        }
        assertEquals("user:alice may not payments:refund on \"order/EU-1\": budget 5000/1d exhausted: 5000 spent, 1 asked (c.yaml:5); allowed: 0 of 5000 left until 2026-11-24T00:00:00Z",
                refused("user:alice", 1));
    }

    @Test
    void rate_eleventhCallInAMinute_isRefused_andRefusedCallsCountNothing() {
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": max-per-call 500 exceeded: 900 asked (c.yaml:10); allowed: at most 500 per call",
                refused("agent:bot", 900));
        for (int i = 0; i < 10; i++) {
            refund("agent:bot", 1);
        }
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": rate 10/1m reached: 10 calls in this window (c.yaml:10); allowed: calls again from 2026-11-23T09:01:00Z",
                refused("agent:bot", 1));
        clock.advance(Duration.ofMinutes(1));
        refund("agent:bot", 1);
    }

    @Test
    void active_hoursInTheirZone() {
        clock.advance(Duration.ofHours(8).minusMinutes(1)); // 17:59 Berlin
        refund("agent:bot", 1);
        clock.advance(Duration.ofMinutes(1)); // 18:00 Berlin
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": outside active hours MON-FRI 08:00-18:00 Europe/Berlin (c.yaml:10); allowed: next active from 2026-11-24T07:00:00Z",
                refused("agent:bot", 1));
        clock.advance(Duration.ofDays(4).plusHours(15)); // Saturday 09:00 Berlin
        ScopeViolation saturday = assertThrows(ScopeViolation.class, () -> refund("agent:bot", 1));
        assertEquals("outside active hours", saturday.getReason().substring(0, 20));
        assertEquals("next active from 2026-11-30T07:00:00Z", saturday.getAllowed(), "Monday 08:00 Berlin");
    }

    @Test
    void expires_atTheInstant() {
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-12-31T00:00:00Z")));
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": grant expired at 2026-12-31T00:00:00Z (c.yaml:10)",
                refused("agent:bot", 1));
    }

    @Test
    void deferral_withoutGovernor_isRefused_andAudited() {
        assertEquals("agent:bot may not payments:refund on \"order/EU-1\": deferred for approval (spend over 300), refused:"
                + " no governor is registered (Charter.governor) (c.yaml:23); allowed: up to 300 without approval",
                refused("agent:bot", 301));
        assertEquals("defer-denied", records.get(0).decision());
        refund("agent:bot", 300);
    }

    @Test
    void deferral_governorSeesTheWholeRequest_andApproves() {
        List<Governor.Deferral> seen = new ArrayList<>();
        Charter.governor(deferral -> {
            seen.add(deferral);
            return Governor.Verdict.approve("checked by ops");
        });
        refund("agent:bot", 400);
        assertEquals(new Governor.Deferral("agent:bot", List.of("user:alice"), "payments:refund", "order/EU-1",
                new java.math.BigDecimal("400"), "Desk#refund(java.lang.String,long)", "c.yaml:23"), seen.get(0));
        assertEquals("defer-approved", records.get(0).decision());
        assertEquals("deferred for approval (spend over 300), approved: checked by ops", records.get(0).reason());
    }

    @Test
    void deferral_refusedThrowingOrSilentGovernor_isRefused_andConsumesNothing() {
        Charter.governor(deferral -> Governor.Verdict.refuse("too much"));
        assertEquals("deferred for approval (spend over 300), refused: too much",
                assertThrows(ScopeViolation.class, () -> refund("agent:bot", 450)).getReason());
        Charter.governor(deferral -> {
            throw new IllegalStateException("desk closed");
        });
        assertEquals("deferred for approval (spend over 300), refused: the governor failed: java.lang.IllegalStateException: desk closed",
                assertThrows(ScopeViolation.class, () -> refund("agent:bot", 450)).getReason());
        Charter.governor(deferral -> {
            Thread.sleep(5_000);
            return Governor.Verdict.approve("late");
        });
        assertEquals("deferred for approval (spend over 300), refused: the governor did not answer within 300 ms",
                assertThrows(ScopeViolation.class, () -> refund("agent:bot", 450)).getReason());
        Charter.governor(null);
        for (int i = 0; i < 6; i++) {
            refund("agent:bot", 300);
        }
        assertEquals("budget 2000/1d exhausted: 1800 spent, 300 asked",
                assertThrows(ScopeViolation.class, () -> refund("agent:bot", 300)).getReason().substring(0, 47));
    }

    @Test
    void lease_heldByTheFirstUntilLeaseAfterItsLastAction() {
        thrown(enforcer.decide(enforcer.row("agent:pricing"), price.id(), "sku/mug", null));
        clock.advance(Duration.ofSeconds(20));
        thrown(enforcer.decide(enforcer.row("agent:pricing"), price.id(), "sku/mug", null));
        clock.advance(Duration.ofSeconds(29));
        assertEquals("agent:promo may not catalog:price:write on \"sku/mug\": held by agent:pricing until 2026-11-23T09:00:50Z (c.yaml:26); allowed: free from 2026-11-23T09:00:50Z",
                assertThrows(ScopeViolation.class,
                        () -> thrown(enforcer.decide(enforcer.row("agent:promo"), price.id(), "sku/mug", null))).getMessage());
        thrown(enforcer.decide(enforcer.row("agent:promo"), price.id(), "sku/cup", null));
        clock.advance(Duration.ofSeconds(1));
        thrown(enforcer.decide(enforcer.row("agent:promo"), price.id(), "sku/mug", null));
    }

    /**
     * A dry run is faithful: the same calls in audit mode are decided exactly as in enforce mode, and
     * budgets, rates and leases count only what enforce mode let through, so refusals appear where
     * enforce mode would have refused.
     */
    @Test
    void auditMode_decidesAndCountsExactlyAsEnforceMode() throws Exception {
        Charter.governor(deferral -> deferral.spend().intValue() <= 400 ? Governor.Verdict.approve("small")
                : Governor.Verdict.refuse("too much"));
        long[] amounts = {250, 450, 700, 300, 400, 300, 300, 300, 300, 300, 300, 100, 250};
        List<String> enforced = decisions(Mode.ENFORCE, amounts);
        List<String> dryRun = decisions(Mode.AUDIT, amounts);
        assertEquals(enforced, dryRun);
        assertTrue(enforced.stream().anyMatch(d -> d.contains("budget 2000/1d exhausted")), enforced.toString());
        assertTrue(enforced.stream().anyMatch(d -> d.startsWith("defer-denied")), enforced.toString());
    }

    /** Each call's decision and reason in {@code mode}; records of audit mode say they were not enforced. */
    private List<String> decisions(Mode mode, long[] amounts) throws Exception {
        RecordingLog recording = new RecordingLog();
        MutableClock at = new MutableClock(clock.instant());
        PolicyEnforcer run = new PolicyEnforcer(Policy.parse(POLICY, "c.yaml"), mode, true, actions, recording, at,
                new InMemoryLedger(), Duration.ofSeconds(5));
        List<String> decisions = new ArrayList<>();
        for (long amount : amounts) {
            try {
                thrown(run.decide(run.row("agent:bot"), refund.id(), "order/EU-1", amount));
            } catch (ScopeViolation refused) {
                assertEquals(Mode.ENFORCE, mode, "audit mode never refuses");
            }
            AuditRecord record = recording.decisions.get(recording.decisions.size() - 1);
            assertEquals(mode == Mode.ENFORCE, record.enforced());
            decisions.add(record.decision() + ": " + record.reason());
            at.advance(Duration.ofSeconds(1));
        }
        return decisions;
    }
}
