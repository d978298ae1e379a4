package dev.charter.agent.enforce;

import dev.charter.agent.policy.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The state limits keep between calls: amounts and calls counted per window, and leases on
 * resources. Every change is all or nothing, so a refused call consumes nothing and two racing
 * calls never both take the last unit. {@link InMemoryLedger} keeps one JVM's;
 * {@code dev.charter.agent.ledger.RedisLedger} keeps a fleet's, in Redis. A ledger that cannot be
 * asked refuses ({@link Refusal#unavailable}): it never lets a call through unchecked.
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

        /** The start of the window that {@code now} falls in, in ms since the epoch: windows are aligned to UTC. */
        public long windowStart(Instant now) {
            long millis = now.toEpochMilli();
            return millis - Math.floorMod(millis, window.per().toMillis());
        }
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

    /**
     * Why a change was refused, as a refusal says it, the policy line that refused it, and what would
     * be allowed instead. Every ledger builds them with the factories here, so refusals read alike.
     */
    record Refusal(String reason, String rule, String allowed) {

        /** A budget that cannot take {@code charge}: {@code spent} so far in the window, which ends at {@code renews}. */
        public static Refusal budget(Charge charge, BigDecimal spent, Instant renews) {
            BigDecimal left = charge.window().limit().subtract(spent).max(BigDecimal.ZERO);
            return new Refusal("budget " + charge.window().text() + " exhausted: " + spent.toPlainString() + " spent, "
                    + Spend.text(charge.amount()) + " asked", charge.rule(), left.toPlainString() + " of "
                    + charge.window().limit().toPlainString() + " left until " + renews);
        }

        /** A rate reached: {@code calls} made in the window, which ends at {@code renews}. */
        public static Refusal rate(Charge charge, BigDecimal calls, Instant renews) {
            return new Refusal("rate " + charge.window().text() + " reached: " + calls.toPlainString()
                    + " calls in this window", charge.rule(), "calls again from " + renews);
        }

        /** A resource whose lease {@code holder} holds until {@code until}. */
        public static Refusal held(LeaseRequest lease, String holder, Instant until) {
            Instant free = wholeSecond(until);
            return new Refusal("held by " + holder + " until " + free, lease.rule(), "free from " + free);
        }

        /**
         * {@code charge} would take its counter beyond the limit of the window {@code now} falls in,
         * {@code spent} being counted there already: a budget or a rate refusal, with when it renews.
         */
        public static Refusal overLimit(Charge charge, BigDecimal spent, Instant now) {
            // a ledger that counts in fixed decimals says 4999.000000; a person reads 4999
            BigDecimal counted = spent.signum() == 0 ? BigDecimal.ZERO : spent.stripTrailingZeros();
            Instant renews = Instant.ofEpochMilli(charge.windowStart(now)).plus(charge.window().per());
            return charge.kind().equals("rate") ? rate(charge, counted, renews) : budget(charge, counted, renews);
        }

        /** The ledger could not be asked: the call that needed it is refused (fail closed). */
        public static Refusal unavailable(String cause, String rule) {
            return new Refusal("ledger unavailable: " + cause, rule, "");
        }

        /** The instant rounded up to the second: a person reads seconds, and it must not read as free too early. */
        private static Instant wholeSecond(Instant instant) {
            Instant down = instant.truncatedTo(ChronoUnit.SECONDS);
            return down.equals(instant) ? down : down.plusSeconds(1);
        }
    }

    /** Whether {@link #commit} would succeed now, changing nothing; {@code null} if it would. */
    Refusal check(List<Charge> charges, LeaseRequest lease, Instant now);

    /** Adds every charge and takes or extends the lease ({@code null}: none), or changes nothing and says why. */
    Refusal commit(List<Charge> charges, LeaseRequest lease, Instant now);
}
