package dev.charter.agent.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A governance rule that no two identities may hold the authority of a scope pattern over one resource.
 *
 * @param rule    {@code file:line} of the rule's {@code exclusive} key
 * @param pattern the scope pattern, as written
 * @param lease   how long after its last action an identity keeps a resource to itself, or {@code null}
 *                when overlap is prevented structurally: a policy in which two identities overlap is invalid
 */
public record Exclusive(String rule, String pattern, Duration lease) {

    /** Checks that the rule and pattern are present. */
    public Exclusive {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pattern, "pattern");
    }
}
