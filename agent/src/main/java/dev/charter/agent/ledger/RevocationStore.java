package dev.charter.agent.ledger;

import dev.charter.agent.enforce.Revocations.Revocation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Revocations as Redis keeps them: one hash, {@code <namespace>:revoked}, from identity to
 * {@code "<until, ms since the epoch, or 0> <reason>"}. The command line writes it; every JVM on
 * the ledger reads it.
 */
final class RevocationStore {

    private RevocationStore() {
    }

    static String key(String namespace) {
        return namespace + ":revoked";
    }

    /** Revokes {@code identity} until {@code until} ({@code null}: until lifted); drops revocations that ended. */
    static void revoke(UnifiedJedis redis, String namespace, String identity, Instant until, String reason) {
        redis.hset(key(namespace), identity, (until == null ? 0 : until.toEpochMilli()) + " " + oneLine(reason));
        Instant now = Instant.now();
        read(redis, namespace).values().stream().filter(r -> r.until() != null && !now.isBefore(r.until()))
                .forEach(ended -> redis.hdel(key(namespace), ended.identity()));
    }

    /** Lifts the revocation of {@code identity}; returns whether there was one. */
    static boolean unrevoke(UnifiedJedis redis, String namespace, String identity) {
        return redis.hdel(key(namespace), identity) > 0;
    }

    /** The revocations on the ledger that have not ended, by identity. */
    static Map<String, Revocation> read(UnifiedJedis redis, String namespace) {
        Map<String, Revocation> revocations = new HashMap<>();
        Instant now = Instant.now();
        redis.hgetAll(key(namespace)).forEach((identity, value) -> {
            int space = value.indexOf(' ');
            long until;
            try {
                until = Long.parseLong(space < 0 ? value : value.substring(0, space));
            } catch (NumberFormatException e) {
                until = 0; // unreadable: revoked until lifted, rather than not at all
            }
            Instant end = until == 0 ? null : Instant.ofEpochMilli(until);
            if (end == null || now.isBefore(end)) {
                revocations.put(identity, new Revocation(identity, end,
                        space < 0 ? "no reason given" : oneLine(value.substring(space + 1))));
            }
        });
        return revocations;
    }

    /** {@code text} with every line break and control character made a space, at most 200 characters. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(Math.min(text.length(), 200));
        text.codePoints().limit(200).forEach(c -> line.appendCodePoint(
                Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c));
        return line.toString();
    }
}
