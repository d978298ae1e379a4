package dev.charter.agent.audit;

/** Where decisions and policy events go: the audit file, or the JDK's logger. */
public interface DecisionLog {

    /**
     * Records one decision, before it takes effect. Returns whether it is recorded: {@code false} when
     * it could not be written now (it is kept and written later if it can be), so that the caller can
     * refuse a call that must not run unrecorded.
     */
    boolean decision(AuditRecord record);

    /** Records that a policy was loaded, at start or on reload. */
    void policyLoaded(String file, String mode, int identities);

    /** Records that a changed policy file was refused, and the last good policy stays in force. */
    void policyRejected(String file, String problem);
}
