package dev.charter.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggerLogTest {

    @Test
    void line_namesIdentityChainScopeResourceReasonRuleAndPlace() {
        AuditRecord record = new AuditRecord(Instant.EPOCH, "agent:bot", List.of("user:alice"), "payments:refund",
                "order/US-1", 5, "deny", "resource not granted", "charter.yaml:11", "A#refund()", "main", true);
        assertEquals("agent:bot (for user:alice) may not payments:refund on order/US-1: resource not granted"
                + " (charter.yaml:11) in A#refund() on thread 'main'", LoggerLog.line(record));
    }

    @Test
    void line_unboundWithoutResourceOrRule() {
        AuditRecord record = new AuditRecord(Instant.EPOCH, null, List.of(), "payments:report", null, null, "deny",
                "no identity bound on thread 'main'", null, "A#report()", "main", true);
        assertEquals("unbound thread may not payments:report: no identity bound on thread 'main'"
                + " in A#report() on thread 'main'", LoggerLog.line(record));
    }

    @Test
    void window_letsOneLineThroughPerQuietPeriod_andCountsTheRest() {
        LoggerLog.Window window = new LoggerLog.Window();
        long start = 1_000;
        assertEquals(0, window.pass(start));
        assertEquals(-1, window.pass(start + 1));
        assertEquals(-1, window.pass(start + LoggerLog.QUIET_NANOS - 1));
        assertEquals(2, window.pass(start + LoggerLog.QUIET_NANOS), "two were held back");
        assertEquals(-1, window.pass(start + LoggerLog.QUIET_NANOS + 1));
    }
}
