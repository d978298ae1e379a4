package dev.charter.agent.enforce;

/** What a rewritten method does with the gate's answer, for tests that ask the enforcer directly. */
public final class Thrown {

    private Thrown() {
    }

    /** Throws {@code refused}, the enforcer's refusal; returns when it is {@code null}: the call proceeds. */
    public static void thrown(RuntimeException refused) {
        if (refused != null) {
            throw refused;
        }
    }
}
