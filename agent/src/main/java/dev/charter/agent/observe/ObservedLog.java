package dev.charter.agent.observe;

import dev.charter.agent.audit.AuditHealth;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;

/**
 * A {@link DecisionLog} that also counts each decision per scope for JMX ({@link CharterMXBean})
 * and sends it to Flight Recorder as a {@code dev.charter.Decision} event, then hands it to the log
 * it wraps; so are policy loads (at start and on reload) and refused reloads. It sees what the enforcer records: every refusal and deferral, and allowed calls only
 * with {@code audit-allows=true} (allowed calls on the gate's fast path never reach the enforcer).
 *
 * <p>Counting takes no lock and, for a scope seen before, allocates nothing; without a Flight
 * Recorder initialized in this JVM, no event is made.
 */
public final class ObservedLog implements DecisionLog, AuditHealth {

    /** Whether the JDK has Flight Recorder; without it, no class of this package that uses it is loaded. */
    static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private final DecisionLog log;
    private final Status status;

    /**
     * @param log where decisions and policy loads go next
     * @param allowsCounted whether the enforcer records every allowed call ({@code audit-allows=true})
     */
    public ObservedLog(DecisionLog log, boolean allowsCounted) {
        this.log = log;
        this.status = new Status(allowsCounted);
    }

    @Override
    public boolean decision(AuditRecord record) {
        status.count(record);
        if (JFR && Jfr.on()) {
            Jfr.decision(record);
        }
        return log.decision(record);
    }

    @Override
    public void writeFailed(String file, String problem, int waiting, long lost) {
        status.auditFailed(problem, waiting, lost);
        if (JFR && Jfr.on()) {
            Jfr.auditWriteFailed(file, problem, waiting, lost);
        }
    }

    @Override
    public void writesResumed(String file) {
        status.auditResumed();
    }

    /** The policy watcher's state for JMX: {@code watching}, or {@code retrying} after {@code error}. */
    public void watcher(String state, String error) {
        status.watcher(state, error);
    }

    @Override
    public void policyLoaded(String file, String mode, int identities) {
        LoadedPolicy loaded = status.loaded(file, mode, identities);
        if (JFR && Jfr.on()) {
            Jfr.loaded(loaded, status.getReloads());
        }
        log.policyLoaded(file, mode, identities);
    }

    @Override
    public void policyRejected(String file, String problem) {
        status.rejected(problem);
        if (JFR && Jfr.on()) {
            Jfr.rejected(file, problem);
        }
        log.policyRejected(file, problem);
    }

    /**
     * Publishes the counts as the MBean {@code dev.charter:type=Charter} and the policy in force as
     * the periodic Flight Recorder event {@code dev.charter.Policy}, from a daemon thread, so that
     * start-up waits for neither. Call once, after the first {@link #policyLoaded}.
     */
    public void publish() {
        Publisher.start(status);
    }

    /** What the MBean shows. */
    CharterMXBean status() {
        return status;
    }
}
