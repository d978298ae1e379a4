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
     * @param counter what is counted, e.g. whose grant and which limit
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
     * @param key the exclusive rule and the resource
     * @param holder the identity acting
     * @param family the holder and its principals: a lease held by one of them is shared
     * @param rule the policy line of the exclusive rule
     */
    record LeaseRequest(String key, String holder, Set<String> family, Duration length, String rule) {
    }

    /** Why a change was refused, as a refusal says it, and the policy line that refused it. */
    record Refusal(String reason, String rule) {

        /** {@code charge} would take its counter beyond the limit, {@code spent} being counted already. */
        public static Refusal overLimit(Charge charge, BigDecimal spent) {
            String counted = spent.stripTrailingZeros().toPlainString();
            return new Refusal(charge.kind().equals("rate")
                    ? "rate " + charge.window().text() + " reached: " + counted + " calls in this window"
                    : "budget " + charge.window().text() + " exhausted: " + counted + " spent, "
                            + charge.amount().toPlainString() + " asked", charge.rule());
        }

        /** {@code lease}'s resource is held by {@code holder}, outside its family, until {@code until}. */
        public static Refusal held(LeaseRequest lease, String holder, Instant until) {
            return new Refusal("held by " + holder + " until " + wholeSecond(until), lease.rule());
        }

        /** The ledger could not be asked: the call that needed it is refused (fail closed). */
        public static Refusal unavailable(String cause, String rule) {
            return new Refusal("ledger unavailable: " + cause, rule);
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
