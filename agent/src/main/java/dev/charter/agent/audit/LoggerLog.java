package dev.charter.agent.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Denials on the JDK's {@link System.Logger} at WARNING when no audit file is configured; at most
 * one line per scope every {@link #QUIET_NANOS}, with a count of the lines held back.
 */
public final class LoggerLog implements DecisionLog {

    static final long QUIET_NANOS = 10_000_000_000L;

    private final Logger logger;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public LoggerLog(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void decision(AuditRecord record) {
        if (!"deny".equals(record.decision()) || !logger.isLoggable(Level.WARNING)) {
            return;
        }
        long held = windows.computeIfAbsent(record.scope(), scope -> new Window()).pass(System.nanoTime());
        if (held >= 0) {
            logger.log(Level.WARNING, "denied: {0}{1}", record.toJson(),
                    held == 0 ? "" : " (" + held + " more denials of " + record.scope() + " not shown)");
        }
    }

    @Override
    public void policyLoaded(String file, String mode, int identities) {
        logger.log(Level.INFO, "policy {0} loaded: mode {1}, {2} identities", file, mode, identities);
    }

    /** The rate limit of one scope. */
    private static final class Window {
        private long opensAt = Long.MIN_VALUE;
        private long held;

        /** Returns how many were held back since the last line, or -1 to hold this one back too. */
        synchronized long pass(long now) {
            if (opensAt != Long.MIN_VALUE && now - opensAt < 0) {
                held++;
                return -1;
            }
            opensAt = now + QUIET_NANOS;
            long shown = held;
            held = 0;
            return shown;
        }
    }
}
