package dev.charter.agent.enforce;

import dev.charter.agent.policy.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The state limits keep between calls: amounts and calls counted per window, and leases on
 * resources. Every change is all or nothing, so a refused call consumes nothing and two racing
 * calls never both take the last unit. {@link InMemoryLedger} keeps one JVM's; a store shared by
 * a fleet of JVMs implements the same two methods.
 */
public interface Ledger {

    /**
     * An amount to add to a counter, which must stay within its window's limit.
     *
     * @param counter what is counted: the limit of a grant as written, the same in every JVM and across
     *                reloads that move the grant (see {@code Limits.counter})
     * @param kind {@code budget} or {@code rate}, for messages
     * @param rule the policy line of the limit ({@code file:line})
     */
    record Charge(String counter, String kind, Window window, BigDecimal amount, String rule) {
    }

    /**
     * A lease to take or extend on one resource.
     *
     * @param key the exclusive rule's pattern and the resource
     * @param holder the identity acting (for a session, the identity it was derived from); once
     *               committed, it holds the lease
     * @param family the holder and its principals: the lease is shared along this line — with the
     *               holder's principals and its delegates — and passes to whoever of them acted last
     * @param rule the policy line of the exclusive rule
     */
    record LeaseRequest(String key, String holder, Set<String> family, Duration length, String rule) {
    }

    /** Why a change was refused, as a refusal says it, and the policy line that refused it. */
    record Refusal(String reason, String rule) {
    }

    /** Whether {@link #commit} would succeed now, changing nothing; {@code null} if it would. */
    Refusal check(List<Charge> charges, LeaseRequest lease, Instant now);

    /** Adds every charge and takes or extends the lease ({@code null}: none), or changes nothing and says why. */
    Refusal commit(List<Charge> charges, LeaseRequest lease, Instant now);
}
