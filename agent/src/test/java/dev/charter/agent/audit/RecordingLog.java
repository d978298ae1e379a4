package dev.charter.agent.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A decision log that keeps what it is told, for tests to read. */
public final class RecordingLog implements DecisionLog {

    public final List<AuditRecord> decisions = new CopyOnWriteArrayList<>();
    public final List<String> loaded = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();

    /** Whether records are kept but reported as not written, as by an audit file on a full disk. */
    public volatile boolean failing;

    @Override
    public boolean decision(AuditRecord record) {
        decisions.add(record);
        return !failing;
    }

    @Override
    public void policyLoaded(String file, String mode, int identities) {
        loaded.add(file);
    }

    @Override
    public void policyRejected(String file, String problem) {
        rejected.add(problem);
    }
}
