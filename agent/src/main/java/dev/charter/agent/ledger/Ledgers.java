package dev.charter.agent.ledger;

import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.Ledger;
import dev.charter.agent.enforce.Revocations;
import java.time.Duration;

/**
 * Opens the ledger the {@code ledger} option names. The Redis client's classes are loaded only
 * when it names Redis: with {@code memory} none of them is.
 */
public final class Ledgers {

    /**
     * A ledger in force and what goes with it.
     *
     * @param name the ledger as the start-up line names it: {@code memory}, or the address without credentials
     * @param problem why it cannot be reached now, or {@code null}
     * @param follow starts keeping {@code revocations} up to date: call it once the enforcer that
     *               reads them is in force, so that every change recompiles the rows the gate uses;
     *               {@code null} when they never change (the memory ledger's)
     */
    public record Opened(Ledger ledger, Revocations revocations, String name, String problem, Runnable follow) {
    }

    private Ledgers() {
    }

    /**
     * @param spec {@code memory}, or a Redis address ({@link RedisAddress})
     * @param namespace the prefix of every key, so that fleets can share one Redis
     * @param timeout how long a call waits for the ledger before it is refused
     * @throws IllegalArgumentException if {@code spec} is neither
     */
    public static Opened open(String spec, String namespace, Duration timeout) {
        if (spec.equals("memory")) {
            return new Opened(new InMemoryLedger(), Revocations.none(), "memory", null, null);
        }
        return RedisLedger.open(RedisAddress.parse(spec), namespace, timeout);
    }
}
