package dev.charter.agent.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refusals and deferrals on the JDK's {@link System.Logger} when no audit file is configured: denials
 * (in audit mode, what enforce mode would deny) and refused deferrals at WARNING, approved deferrals at INFO; at most one line per kind and scope
 * every {@link #QUIET_NANOS}, with a count of the lines held back. Each record is one line whatever
 * the caller's values hold: line breaks and control characters are escaped, long values shortened.
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

    /** Logs to {@code logger}. */
    LoggerLog(Logger logger) {
        this.name = logger.getName();
        this.logger = logger;
    }

    /** The longest caller value (identity, resource, thread name) shown whole. */
    static final int LONGEST_VALUE = 200;

    @Override
    public boolean decision(AuditRecord record) {
        String heading = switch (String.valueOf(record.decision())) {
            case "deny" -> record.enforced() ? "Charter denied: " : "Charter would deny: ";
            case "defer-denied" -> record.enforced() ? "Charter deferred to the governor and refused: "
                    : "Charter deferred to the governor, which refused; would deny: ";
            case "defer-approved" -> "Charter deferred to the governor and approved: ";
            default -> null;
        };
        if (heading == null) {
            return true;
        }
        Level level = record.decision().equals("defer-approved") ? Level.INFO : Level.WARNING;
        long held = windows.computeIfAbsent(record.decision() + ' ' + record.scope(), kind -> new Window())
                .pass(System.nanoTime());
        if (held < 0) {
            return true;
        }
        Logger to = logger();
        if (to.isLoggable(level)) {
            to.log(level, "{0}{1}{2}", heading, line(record),
                    held == 0 ? "" : " (" + held + " more of " + record.decision() + " " + escaped(record.scope())
                            + " not shown)");
        }
        return true;
    }

    /** The decision as a person reads it, with where it happened; always one line. */
    static String line(AuditRecord record) {
        return (record.identity() == null ? "unbound thread" : value(record.identity()))
                + (record.chain().isEmpty() ? "" : " (for " + String.join(" -> ",
                        record.chain().stream().map(LoggerLog::value).toList()) + ")")
                + (record.decision().equals("defer-approved") ? " may " : " may not ") + escaped(record.scope())
                + (record.resource() == null ? "" : " on " + value(record.resource()))
                + ": " + escaped(record.reason())
                + (record.rule() == null ? "" : " (" + escaped(record.rule()) + ")")
                + " in " + escaped(record.method()) + " on thread '" + value(record.thread()) + "'";
    }

    /** A caller's value, escaped and, when long, shortened with a count of what is left out. */
    private static String value(String text) {
        return text.length() <= LONGEST_VALUE ? escaped(text)
                : escaped(text.substring(0, LONGEST_VALUE)) + "...(" + (text.length() - LONGEST_VALUE) + " more)";
    }

    /** {@code text} with line breaks, control characters and unpaired surrogates escaped as JSON writes them. */
    private static String escaped(String text) {
        String quoted = JsonText.of(String.valueOf(text));
        return quoted.substring(1, quoted.length() - 1);
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
