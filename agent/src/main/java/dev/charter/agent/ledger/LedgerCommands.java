package dev.charter.agent.ledger;

import java.time.Duration;
import java.time.Instant;
import redis.clients.jedis.JedisPooled;

/** The kill switch on a Redis ledger: {@code revoke} and {@code unrevoke}, for the command line. */
public final class LedgerCommands {

    /** How long the command line waits for Redis. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Redis could not be asked; the message says why, without credentials. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    private LedgerCommands() {
    }

    /**
     * Revokes {@code identity} (and with it its delegates and sessions) on the ledger at {@code ledger},
     * until {@code length} has passed ({@code null}: until lifted); returns what was done, as one line.
     *
     * @throws IllegalArgumentException if {@code ledger} is not a Redis address
     */
    public static String revoke(String ledger, String namespace, String identity, Duration length, String reason)
            throws Unreachable {
        RedisAddress address = RedisAddress.parse(ledger);
        Instant until = length == null ? null : Instant.now().plus(length);
        String why = RevocationStore.oneLine(reason == null ? "no reason given" : reason);
        try (JedisPooled redis = RedisLedger.client(address, TIMEOUT)) {
            RevocationStore.revoke(redis, namespace, identity, until, why);
        } catch (RuntimeException e) {
            throw new Unreachable("cannot revoke on " + address + ": " + RevocationStore.oneLine(String.valueOf(e.getMessage())));
        }
        return "revoked " + RevocationStore.oneLine(identity) + " on " + address + " (namespace " + namespace + ")"
                + (until == null ? " until lifted" : " until " + until) + ": " + why;
    }

    /** Lifts the revocation of {@code identity}; returns what was done, as one line. */
    public static String unrevoke(String ledger, String namespace, String identity) throws Unreachable {
        RedisAddress address = RedisAddress.parse(ledger);
        boolean lifted;
        try (JedisPooled redis = RedisLedger.client(address, TIMEOUT)) {
            lifted = RevocationStore.unrevoke(redis, namespace, identity);
        } catch (RuntimeException e) {
            throw new Unreachable("cannot unrevoke on " + address + ": " + RevocationStore.oneLine(String.valueOf(e.getMessage())));
        }
        return (lifted ? "lifted the revocation of " : "no revocation to lift for ") + RevocationStore.oneLine(identity)
                + " on " + address + " (namespace " + namespace + ")";
    }
}
