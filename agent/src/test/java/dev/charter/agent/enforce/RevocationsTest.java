package dev.charter.agent.enforce;

import static dev.charter.agent.enforce.Thrown.thrown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Gate;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Revoked identities, their delegates and sessions are refused, on the fast path too; revocations are recorded. */
class RevocationsTest {

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
              agent:other:
                grants:
                  - scope: "payments:refund"
            """;

    private final RecordingLog log = new RecordingLog();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Actions actions = new Actions();
    private final ActionSite refund = actions.register("payments:refund", "Refunds#refund(long)", false, true);
    /** An action that spends nothing: the only kind whose allowed calls the gate's fast path settles. */
    private final ActionSite report = actions.register("payments:refund", "Refunds#report()", false, false);
    private final Revocations revocations = Revocations.unread("cannot connect to redis://r:6379");

    private PolicyEnforcer enforcer() throws Exception {
        return new PolicyEnforcer(Policy.parse(POLICY, "charter.yaml"), Mode.ENFORCE, false, actions, log, clock,
                new InMemoryLedger(), revocations, Duration.ofSeconds(5));
    }

    private static Revocations.Revocation revoked(String identity, Instant until) {
        return new Revocations.Revocation(identity, until, "runaway spend");
    }

    @Test
    void neverRead_refusesEveryone_saying_ledgerUnavailable() throws Exception {
        PolicyEnforcer enforcer = enforcer();
        Gate.Row other = enforcer.row("agent:other");
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(other, refund.id(), null, 1L)));
        assertTrue(refused.getReason().startsWith("ledger unavailable: cannot connect to redis://r:6379"), refused.getReason());
    }

    @Test
    void revokedPrincipal_refusesItsDelegate_notAStranger_untilLifted() throws Exception {
        PolicyEnforcer enforcer = enforcer();
        revocations.replace(Map.of("user:alice", revoked("user:alice", null)));
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> thrown(enforcer.decide(enforcer.row("agent:bot"), refund.id(), null, 1L)));
        assertEquals("revoked: user:alice (runaway spend)", refused.getReason());
        assertEquals("payments:refund", refused.getScope());
        thrown(enforcer.decide(enforcer.row("agent:other"), refund.id(), null, 1L));
        revocations.replace(Map.of());
        thrown(enforcer.decide(enforcer.row("agent:bot"), refund.id(), null, 1L));
        List<String> kept = log.decisions.stream().filter(r -> r.scope().equals("charter:revoked"))
                .map(r -> r.identity() + " " + r.decision() + " " + r.reason()).toList();
        assertEquals(List.of("user:alice deny revoked: runaway spend", "user:alice allow revocation lifted"), kept);
    }

    @Test
    void aRevokedIdentitysRow_neverAllowsOnTheFastPath() throws Exception {
        PolicyEnforcer enforcer = enforcer();
        revocations.replace(Map.of());
        assertTrue(fastAllows(enforcer.row("agent:bot")), "unrevoked: the fast path allows");
        revocations.replace(Map.of("agent:bot", revoked("agent:bot", null)));
        assertTrue(!fastAllows(enforcer.row("agent:bot")), "revoked: every call takes the slow path");
    }

    @Test
    void aRevocationThatEnded_refusesNothing() throws Exception {
        PolicyEnforcer enforcer = enforcer();
        revocations.replace(Map.of("agent:bot", revoked("agent:bot", clock.instant().plusSeconds(60))));
        assertThrows(ScopeViolation.class, () -> thrown(enforcer.decide(enforcer.row("agent:bot"), refund.id(), null, 1L)));
        clock.advance(Duration.ofSeconds(60));
        thrown(enforcer.decide(enforcer.row("agent:bot"), refund.id(), null, 1L));
    }

    /** Whether the row's bit for the report action is set: the gate's fast path would allow it. */
    private boolean fastAllows(Gate.Row row) {
        try {
            var method = Gate.Row.class.getDeclaredMethod("allowsOnAnyResource", int.class);
            method.setAccessible(true);
            return (boolean) method.invoke(row, report.id());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
