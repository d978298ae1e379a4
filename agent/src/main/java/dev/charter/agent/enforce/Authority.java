package dev.charter.agent.enforce;

import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Limits;
import java.time.Instant;
import java.util.List;

/** What one identity may do: one the policy declares, or a session derived from another. */
interface Authority {

    String identity();

    /** Its principals, nearest first. */
    List<String> chain();

    /** How much of the action scope it holds, for the gate's bits. */
    Coverage coverage(String scope);

    /** Whether it may act with {@code scope} on {@code resource} ({@code null}: the action names none). */
    Decision decide(String scope, String resource);

    /**
     * The resource globs its own grants hold for {@code scope} when they refuse {@code resource}: what
     * a refusal names as allowed. Empty when its own grants allow the resource (a principal refused).
     */
    List<String> grantedResources(String scope, String resource);

    /** The limits of the grants that allow the call, per level of its chain (see {@code Policy.limits}). */
    List<List<Limits>> limits(String scope, String resource);

    /** Whether a call may need more than scope and resource: limits, governance, leases. */
    boolean constrained(String scope);

    /** When it stops holding anything, or {@code null} if never. */
    Instant expiresAt();
}
