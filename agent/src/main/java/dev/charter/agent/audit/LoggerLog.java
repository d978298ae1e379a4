package dev.charter.agent.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Denials on the JDK's {@link System.Logger} at WARNING when no audit file is configured; at most
 * one line per scope every {@link #QUIET_NANOS}, with a count of the lines held back.
 *
 * <p>The logger is looked up at the first denial, not at start-up: looking it up initialises the
 * logging backend, which the application may still be about to configure.
 */
public final class LoggerLog implements DecisionLog {

    static final long QUIET_NANOS = 10_000_000_000L;

    private final String name;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private volatile Logger logger;

    public LoggerLog(String name) {
        this.name = name;
    }

    @Override
    public void decision(AuditRecord record) {
        if (!"deny".equals(record.decision())) {
            return;
        }
        long held = windows.computeIfAbsent(record.scope(), scope -> new Window()).pass(System.nanoTime());
        if (held < 0) {
            return;
        }
        Logger to = logger();
        if (to.isLoggable(Level.WARNING)) {
            to.log(Level.WARNING, "Charter denied: {0}{1}", line(record),
                    held == 0 ? "" : " (" + held + " more denials of " + record.scope() + " not shown)");
        }
    }

    /** The refusal as a person reads it, with where it happened. */
    static String line(AuditRecord record) {
        return (record.identity() == null ? "unbound thread" : record.identity())
                + (record.chain().isEmpty() ? "" : " (for " + String.join(" -> ", record.chain()) + ")")
                + " may not " + record.scope()
                + (record.resource() == null ? "" : " on " + record.resource())
                + ": " + record.reason()
                + (record.rule() == null ? "" : " (" + record.rule() + ")")
                + " in " + record.method() + " on thread '" + record.thread() + "'";
    }

    @Override
    public void policyLoaded(String file, String mode, int identities) {
        // not logged: a start-up line would initialise the logging backend before main
    }

    private Logger logger() {
        Logger found = logger;
        if (found == null) {
            found = System.getLogger(name);
            logger = found;
        }
        return found;
    }

    /** The rate limit of one scope. */
    static final class Window {
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
