package dev.charter.agent.audit;

/** Where decisions and policy events go: the audit file, or the JDK's logger. */
public interface DecisionLog {

    /** Records one decision; returns only once it is recorded, so a refusal is never lost. */
    void decision(AuditRecord record);

    /** Records that a policy was loaded. */
    void policyLoaded(String file, String mode, int identities);
}
