package dev.charter.agent.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final AtomicInteger loads = new AtomicInteger();
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
            to.log(Level.WARNING, (record.enforced() ? "Charter denied: " : "Charter would deny: ") + "{0}{1}", line(record),
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
        // the first load is not logged: a start-up line would initialise the logging backend before main
        if (loads.getAndIncrement() > 0) {
            logger().log(Level.INFO, "Charter reloaded policy {0}: mode {1}, {2} identities", file, mode, identities);
        }
    }

    @Override
    public void policyRejected(String file, String problem) {
        logger().log(Level.WARNING, "Charter kept the last good policy: {0}", problem);
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
