package dev.charter.agent.enforce;

import dev.charter.agent.policy.Decision;
import java.util.Objects;

/**
 * How one call was decided: its kind, the decision with its reason and rule, and, for a refusal,
 * what the caller's own grants would allow instead ({@code dev.charter.ScopeViolation#getAllowed}).
 *
 * @param allowed what would be allowed instead, empty when nothing close is
 */
public record Outcome(Kind kind, Decision decision, String allowed) {

    /** The kinds of decision, named as the audit log names them. */
    public enum Kind {
        /** Allowed. */
        ALLOW("allow"),
        /** Refused. */
        DENY("deny"),
        /** Deferred to the governor, who was not asked (the command line): allowed only if approved. */
        DEFER("defer"),
        /** Deferred, and the governor approved it. */
        DEFER_APPROVED("defer-approved"),
        /** Deferred, and the governor refused it (or could not be asked). */
        DEFER_DENIED("defer-denied");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** The kind as the audit log writes it. */
        public String text() {
            return text;
        }
    }

    /** Checks that every part is present. */
    public Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(allowed, "allowed");
    }

    static Outcome allow(Decision decision) {
        return new Outcome(Kind.ALLOW, decision, "");
    }

    static Outcome deny(Decision decision, String allowed) {
        return new Outcome(Kind.DENY, decision, allowed);
    }

    /** Whether the call may run now: allowed, or deferred and approved. */
    public boolean allowsCall() {
        return kind == Kind.ALLOW || kind == Kind.DEFER_APPROVED;
    }
}
