package dev.charter.agent.observe;

import java.util.Map;

/**
 * The Charter agent as JMX shows it, registered on the platform MBean server as
 * {@code dev.charter:type=Charter} (see {@link ObservedLog#publish}): the policy in force and how
 * many decisions of each kind were made, per action scope. Readable with {@code jconsole}, VisualVM
 * or any JMX client; the maps appear as tables of {@code key} (the scope) and {@code value}.
 *
 * <p>Counts cover the decisions the enforcer records. Every refusal and every deferral is recorded;
 * an allowed call is recorded only when the agent runs with {@code audit-allows=true}. Without it,
 * allowed calls decided on the gate's fast path never reach the enforcer (that path takes a few
 * nanoseconds and counts nothing), so {@link #getAllowCounts} then holds at most a part of them and
 * {@link #isAllowsCounted} is false.
 */
public interface CharterMXBean {

    /** The policy file in force, as given to the agent; {@code null} before the first load. */
    String getPolicyFile();

    /**
     * The first 12 hex digits of the SHA-256 of the policy file's bytes, read when it was loaded;
     * {@code null} before the first load or if the file could not be read again to hash it.
     */
    String getPolicyVersion();

    /** {@code enforce} or {@code audit}: the mode in force. */
    String getMode();

    /** How many identities the policy in force declares. */
    int getIdentities();

    /** How many times a policy was loaded after the first: the reloads that took effect. */
    long getReloads();

    /** How many reloaded policies were refused, the policy in force staying in force. */
    long getRejections();

    /** Why the last refused policy was refused, with {@code file:line:column}; {@code null} if none was. */
    String getLastRejection();

    /** How many writes to the audit file failed (disk full, I/O error); each failed record waits and is retried. */
    long getAuditWriteFailures();

    /** Why the last write to the audit file failed; {@code null} if none did. */
    String getLastAuditWriteFailure();

    /** How many records wait in memory for the audit file to take them again; 0 while writes succeed. */
    int getAuditRecordsWaiting();

    /** How many records were given up because too many waited for a failing audit file. */
    long getAuditRecordsLost();

    /**
     * The policy file watcher: {@code starting}, {@code watching}, or {@code retrying} after a failure
     * of its own ({@link #getWatcherLastError}); {@code stopped} only if something interrupted its
     * thread, which it then says on stderr.
     */
    String getWatcherState();

    /** The watcher's last failure of its own (not a refused policy: see {@link #getLastRejection}); {@code null} if none. */
    String getWatcherLastError();

    /** Whether every allowed call is counted ({@code audit-allows=true}); see the type's description. */
    boolean isAllowsCounted();

    /** Allowed calls per action scope, as far as they are counted ({@link #isAllowsCounted}). */
    Map<String, Long> getAllowCounts();

    /** Refused calls per action scope (in {@code audit} mode: the calls that would have been refused). */
    Map<String, Long> getDenyCounts();

    /** Deferred calls per action scope, whatever the governor answered. */
    Map<String, Long> getDeferCounts();

    /** The deferred calls of {@link #getDeferCounts} that were refused: by the governor, or for want of an answer. */
    Map<String, Long> getDeferDeniedCounts();
}
