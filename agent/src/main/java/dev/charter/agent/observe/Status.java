package dev.charter.agent.observe;

import dev.charter.agent.audit.AuditRecord;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What {@link CharterMXBean} shows: the policy in force, reloads and rejections, and decisions counted by scope. */
final class Status implements CharterMXBean {

    /** The scope counted for a record without one; the enforcer always gives one. */
    static final String NO_SCOPE = "(none)";

    private final boolean allowsCounted;
    private final Tally allows = new Tally();
    private final Tally denies = new Tally();
    private final Tally defers = new Tally();
    private final Tally deferDenies = new Tally();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private volatile LoadedPolicy policy;
    private volatile String lastRejection;
    private final AtomicLong auditFailures = new AtomicLong();
    private volatile String lastAuditFailure;
    private volatile int auditWaiting;
    private volatile long auditLost;
    private volatile String watcherState = "starting";
    private volatile String watcherLastError;

    Status(boolean allowsCounted) {
        this.allowsCounted = allowsCounted;
    }

    void count(AuditRecord record) {
        String scope = record.scope() == null ? NO_SCOPE : record.scope();
        switch (String.valueOf(record.decision())) {
            case "allow" -> allows.add(scope);
            case "deny" -> denies.add(scope);
            case "defer-approved" -> defers.add(scope);
            case "defer-denied" -> {
                defers.add(scope);
                deferDenies.add(scope);
            }
            default -> {
                // a kind of decision this version does not know: recorded by the log, not counted
            }
        }
    }

    /** Records a load; returns it. */
    LoadedPolicy loaded(String file, String mode, int identities) {
        LoadedPolicy loaded = LoadedPolicy.read(file, mode, identities);
        policy = loaded;
        loads.incrementAndGet();
        return loaded;
    }

    void rejected(String problem) {
        lastRejection = problem;
        rejections.incrementAndGet();
    }

    void auditFailed(String problem, int waiting, long lost) {
        auditFailures.incrementAndGet();
        lastAuditFailure = problem;
        auditWaiting = waiting;
        auditLost = lost;
    }

    void auditResumed() {
        auditWaiting = 0;
    }

    void watcher(String state, String error) {
        if (error != null) {
            watcherLastError = error;
        }
        watcherState = state;
    }

    /** The policy in force, or {@code null} before the first load. */
    LoadedPolicy policy() {
        return policy;
    }

    @Override
    public String getPolicyFile() {
        LoadedPolicy current = policy;
        return current == null ? null : current.file;
    }

    @Override
    public String getPolicyVersion() {
        LoadedPolicy current = policy;
        return current == null ? null : current.version();
    }

    @Override
    public String getMode() {
        LoadedPolicy current = policy;
        return current == null ? null : current.mode;
    }

    @Override
    public int getIdentities() {
        LoadedPolicy current = policy;
        return current == null ? 0 : current.identities;
    }

    @Override
    public long getReloads() {
        return Math.max(0, loads.get() - 1);
    }

    @Override
    public long getRejections() {
        return rejections.get();
    }

    @Override
    public String getLastRejection() {
        return lastRejection;
    }

    @Override
    public long getAuditWriteFailures() {
        return auditFailures.get();
    }

    @Override
    public String getLastAuditWriteFailure() {
        return lastAuditFailure;
    }

    @Override
    public int getAuditRecordsWaiting() {
        return auditWaiting;
    }

    @Override
    public long getAuditRecordsLost() {
        return auditLost;
    }

    @Override
    public String getWatcherState() {
        return watcherState;
    }

    @Override
    public String getWatcherLastError() {
        return watcherLastError;
    }

    @Override
    public boolean isAllowsCounted() {
        return allowsCounted;
    }

    @Override
    public Map<String, Long> getAllowCounts() {
        return allows.snapshot();
    }

    @Override
    public Map<String, Long> getDenyCounts() {
        return denies.snapshot();
    }

    @Override
    public Map<String, Long> getDeferCounts() {
        return defers.snapshot();
    }

    @Override
    public Map<String, Long> getDeferDeniedCounts() {
        return deferDenies.snapshot();
    }
}
