package dev.charter.agent.policy;

import java.util.Objects;

/**
 * The outcome of one check of an identity, an action scope and a resource against a policy.
 *
 * @param allowed whether the action may run
 * @param reason  why, in a few words fit for a person and a model (for example {@code "resource not granted"})
 * @param rule    {@code file:line} of the policy line that decided, or {@code null} when no rule did
 *                (an undeclared identity, or no grant for the scope)
 */
public record Decision(boolean allowed, String reason, String rule) {

    /** Checks that there is a reason. */
    public Decision {
        Objects.requireNonNull(reason, "reason");
    }
}
