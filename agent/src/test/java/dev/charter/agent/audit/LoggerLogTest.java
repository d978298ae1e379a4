package dev.charter.agent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void line_callerValuesWithLineBreaks_stayOnOneLine_andLongOnesAreShortened() {
        AuditRecord record = new AuditRecord(Instant.EPOCH, "agent:bot\nWARNING: forged", List.of("user:a\u2028b"),
                "payments:refund", "order/1\r\nCharter denied: nothing\u0085" + "x".repeat(500), 5, "deny",
                "resource not granted", "charter.yaml:11", "A#refund()", "worker\n1", true);
        String line = LoggerLog.line(record);
        assertEquals(1, line.lines().count(), line);
        assertFalse(line.matches("(?s).*[\\u0000-\\u001f\\u0085\\u2028\\u2029].*"), line);
        assertTrue(line.startsWith("agent:bot\\nWARNING: forged (for user:a\\u2028b) may not payments:refund on"
                + " order/1\\r\\nCharter denied: nothing\\u0085xxx"), line);
        assertTrue(line.contains("x...(333 more): resource not granted"), line);
        assertTrue(line.endsWith(" on thread 'worker\\n1'"), line);
    }

    @Test
    void decision_deferrals_areLoggedAsWellAsDenials() {
        List<String> logged = new CopyOnWriteArrayList<>();
        LoggerLog log = new LoggerLog(new System.Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
                logged.add(level + " " + message);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
                logged.add(level + " " + MessageFormat.format(format, parameters));
            }
        });
        for (String kind : List.of("deny", "defer-denied", "defer-approved", "allow")) {
            log.decision(new AuditRecord(Instant.EPOCH, "agent:bot", List.of(), "payments:refund", "order/1", 5, kind,
                    "why", null, "A#refund()", "main", true));
        }
        assertEquals(List.of("WARNING Charter denied: agent:bot may not payments:refund on order/1: why in A#refund() on thread 'main'",
                "WARNING Charter deferred to the governor and refused: agent:bot may not payments:refund on order/1: why in A#refund() on thread 'main'",
                "INFO Charter deferred to the governor and approved: agent:bot may payments:refund on order/1: why in A#refund() on thread 'main'"),
                logged);
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
