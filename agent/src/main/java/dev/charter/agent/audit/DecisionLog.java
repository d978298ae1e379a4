package dev.charter.agent.audit;

/** Where decisions and policy events go: the audit file, or the JDK's logger. */
public interface DecisionLog {

    /** Records one decision; returns only once it is recorded, so a refusal is never lost. */
    void decision(AuditRecord record);

    /** Records that a policy was loaded, at start or on reload. */
    void policyLoaded(String file, String mode, int identities);

    /** Records that a changed policy file was refused, and the last good policy stays in force. */
    void policyRejected(String file, String problem);
}
