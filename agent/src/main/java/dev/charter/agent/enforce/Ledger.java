package dev.charter.agent.enforce;

import dev.charter.agent.policy.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The state limits keep between calls: amounts and calls counted per window, and leases on
 * resources. Every change is all or nothing, so a refused call consumes nothing and two racing
 * calls never both take the last unit. {@link InMemoryLedger} keeps one JVM's;
 * {@code dev.charter.agent.ledger.RedisLedger} keeps a fleet's, in Redis. A ledger that cannot be
 * asked refuses ({@link Refusal#unavailable}): it never lets a call through unchecked.
 *
 * <p>A limit's counter is resolved once ({@link #counter}), when the caller compiles what a kind of call
 * must pass, and named on every call after; an amount travels as a whole number, or as an exact decimal
 * where it is not one, so that the usual call allocates nothing.
 */
public interface Ledger {

    /** The amount of a call that spends nothing, or of a charge that counts calls: no amount. */
    long NO_AMOUNT = -1;

    /**
     * One limit of one grant, which calls are counted against.
     *
     * @param counter what is counted: the limit of a grant as written, the same in every JVM and across
     *                reloads that move the grant (see {@code Limits.counter})
     * @param kind {@code budget} (counts amounts) or {@code rate} (counts calls)
     * @param rule the policy line of the limit ({@code file:line})
     */
    record Charge(String counter, String kind, Window window, String rule) {

        /** Whether it counts calls, one per call, rather than amounts. */
        public boolean countsCalls() {
            return kind.equals("rate");
        }

        /** The start of the window that {@code now} (ms since the epoch) falls in: windows are aligned to UTC. */
        public long windowStart(long now) {
            return now - Math.floorMod(now, window.per().toMillis());
        }
    }

    /** A {@link Charge} as one ledger resolved it: only that ledger takes it back. */
    interface Counter {
        /** What it counts. */
        Charge charge();
    }

    /**
     * The amount of one call: {@code whole} when {@code exact} is {@code null}, else {@code exact}.
     * Only on paths that allocate anyway (a refusal, a decimal amount).
     */
    static BigDecimal amount(long whole, BigDecimal exact) {
        return exact != null ? exact : BigDecimal.valueOf(whole);
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

        /** A budget that cannot take {@code asked}: {@code spent} so far in the window, which ends at {@code renews}. */
        public static Refusal budget(Charge charge, BigDecimal spent, BigDecimal asked, Instant renews) {
            BigDecimal left = charge.window().limit().subtract(spent).max(BigDecimal.ZERO);
            return new Refusal("budget " + charge.window().text() + " exhausted: " + spent.toPlainString() + " spent, "
                    + Spend.text(asked) + " asked", charge.rule(), left.toPlainString() + " of "
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
         * {@code asked} would take the counter of {@code charge} beyond the limit of the window {@code now}
         * (ms since the epoch) falls in, {@code spent} being counted there already: a budget or a rate
         * refusal, with when it renews.
         */
        public static Refusal overLimit(Charge charge, BigDecimal spent, BigDecimal asked, long now) {
            // a ledger that counts in fixed decimals says 4999.000000; a person reads 4999
            BigDecimal counted = spent.signum() == 0 ? BigDecimal.ZERO : spent.stripTrailingZeros();
            Instant renews = Instant.ofEpochMilli(charge.windowStart(now)).plus(charge.window().per());
            return charge.countsCalls() ? rate(charge, counted, renews) : budget(charge, counted, asked, renews);
        }

        /**
         * {@code asked} has more decimals than the counter of {@code charge} keeps ({@code decimals}): it is
         * refused rather than rounded, so that what is counted is always what was spent.
         */
        public static Refusal finerThanCounted(Charge charge, BigDecimal asked, int decimals) {
            return new Refusal("spend " + Spend.text(asked) + " is finer than budget " + charge.window().text()
                    + " counts (" + decimals + " decimals)", charge.rule(), "amounts to " + decimals + " decimals");
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

    /** The counter of {@code charge} in this ledger, resolved once and charged on every call after. */
    Counter counter(Charge charge);

    /**
     * Whether {@link #commit} would succeed now, changing nothing; {@code null} if it would.
     *
     * @param counters what {@link #counter} resolved; each counts one call, or the amount
     * @param whole the amount, a whole number ≥ 0, when {@code exact} is {@code null}; {@link #NO_AMOUNT} if none
     * @param exact the amount when it is not such a whole number, else {@code null}
     * @param lease the lease to take or extend, or {@code null}
     * @param now ms since the epoch
     */
    Refusal check(Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now);

    /** Counts the call on every counter and takes or extends the lease, or changes nothing and says why; as {@link #check}. */
    Refusal commit(Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now);
}
