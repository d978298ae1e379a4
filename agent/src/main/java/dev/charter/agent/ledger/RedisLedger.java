package dev.charter.agent.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.charter.agent.enforce.Ledger;
import dev.charter.agent.enforce.Revocations;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A fleet's ledger in Redis: every JVM pointing at the same server and namespace shares its budgets,
 * rates, leases and revocations.
 *
 * <p>A charge is one Lua script ({@code charge.lua}) that checks every counter along the chain and
 * the lease, then changes all of them or none: atomic on the server whatever the number of JVMs.
 * Each charge carries an id, so a retry after a lost connection never charges twice, and a deadline
 * three quarters of {@code ledger-timeout} after it was sent, which the script checks against the
 * server's clock, so a charge the caller gave up on is never applied later (the hosts' clocks must be
 * synchronized, as NTP does). Amounts are counted in millionths (fewer decimals for limits beyond
 * 9 billion): an amount is rounded up and a limit down, so a budget is never overspent. A counter's key is derived from {@link Ledger.Charge#counter}
 * and its window's start; windows are aligned to UTC, and their keys expire a minute after them.
 *
 * <p>Anything that goes wrong — no connection, no answer within the timeout, an error — refuses the
 * call with {@code ledger unavailable: <cause>}. Connections are made again on the next call.
 */
final class RedisLedger implements Ledger {

    /** Amounts are counted in millionths, unless the limit is too large for that. */
    private static final int MAX_SCALE = 6;
    /** The largest whole number a Lua number holds exactly. */
    private static final long EXACT = 1L << 53;
    private static final long KEY_GRACE_MILLIS = 60_000;
    private static final long REVOCATIONS_EVERY_MILLIS = 200;
    /** Tries per charge when connections fail without a timeout: each stale pooled connection costs one. */
    private static final int ATTEMPTS = 3;
    private static final String SCRIPT = script();
    private static final String SHA = sha1(SCRIPT);

    private final JedisPooled redis;
    /** Key parts by lease name: hashing each on every call would cost more than the rest of the call. */
    private final Cache<String, String> digests = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    private final RedisAddress address;
    private final String namespace;
    private final Duration timeout;

    private RedisLedger(JedisPooled redis, RedisAddress address, String namespace, Duration timeout) {
        this.redis = redis;
        this.address = address;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    /** Connects (lazily) and reads the revocations once; {@link Ledgers.Opened#follow} reads them every 200 ms. */
    static Ledgers.Opened open(RedisAddress address, String namespace, Duration timeout) {
        RedisLedger ledger = new RedisLedger(client(address, timeout), address, namespace, timeout);
        Revocations revocations = Revocations.unread("not read yet from " + address);
        String problem = ledger.readRevocations(revocations);
        Runnable follow = () -> {
            ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "charter-ledger-revocations");
                thread.setDaemon(true);
                return thread;
            });
            poll.scheduleWithFixedDelay(() -> ledger.readRevocations(revocations), REVOCATIONS_EVERY_MILLIS,
                    REVOCATIONS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        };
        return new Ledgers.Opened(ledger, revocations, address.toString(), problem, follow);
    }

    /** A pooled client whose every wait — for a connection, to connect, for an answer — is bounded by {@code timeout}. */
    static JedisPooled client(RedisAddress address, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .user(address.user())
                .password(address.password())
                .database(address.database())
                .ssl(address.tls())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED) // one round trip less per connection
                .build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        pool.setMaxWait(Duration.ofMillis(millis));
        pool.setJmxEnabled(false); // no MBeans of the client's own, and no platform MBean server started for them
        return new JedisPooled(new HostAndPort(address.host(), address.port()), config, pool);
    }

    /** Reads the revocations into {@code revocations}; returns why it could not, or {@code null}. */
    private String readRevocations(Revocations revocations) {
        try {
            revocations.replace(RevocationStore.read(redis, namespace));
            return null;
        } catch (RuntimeException e) {
            String cause = cause(e);
            revocations.unreadable(cause);
            return cause;
        }
    }

    /**
     * A charge with what every call of it sends alike: the part of its keys that names its counter, the
     * decimals it is counted in (-1: beyond what the server counts exactly), the units of one whole, its limit.
     */
    private record Keyed(Charge charge, String key, int scale, long unitsPerWhole, String limit) implements Counter {

        /** What one call adds: one call or the amount, in units, rounded up; -1 beyond what the server counts exactly. */
        long units(long whole, BigDecimal exact) {
            if (charge.countsCalls()) {
                return unitsPerWhole;
            }
            if (exact == null) {
                return whole <= EXACT / unitsPerWhole ? whole * unitsPerWhole : -1;
            }
            return RedisLedger.whole(exact, scale, RoundingMode.CEILING);
        }
    }

    @Override
    public Counter counter(Charge charge) {
        int scale = scale(charge.window().limit());
        return new Keyed(charge, namespace + ":c:" + digest(charge.counter()) + ":", scale,
                scale < 0 ? 1 : BigDecimal.ONE.movePointRight(scale).longValueExact(),
                Long.toString(whole(charge.window().limit(), scale, RoundingMode.FLOOR)));
    }

    @Override
    public Refusal check(Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now) {
        return run(false, counters, whole, exact, lease, now);
    }

    @Override
    public Refusal commit(Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now) {
        return run(true, counters, whole, exact, lease, now);
    }

    private Refusal run(boolean commit, Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now) {
        String rule = counters.length == 0 ? lease.rule() : counters[0].charge().rule();
        long sent = System.currentTimeMillis();
        long deadline = sent + timeout.toMillis() * 3 / 4;
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        keys.add(namespace + ":id:" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        args.add(Long.toString(deadline));
        args.add(commit ? "commit" : "check");
        args.add(Integer.toString(counters.length));
        for (Counter counter : counters) {
            Keyed keyed = (Keyed) counter;
            Charge charge = keyed.charge();
            long start = charge.windowStart(now);
            long amount = keyed.units(whole, exact);
            if (keyed.scale() < 0 || amount < 0) {
                return Refusal.unavailable("amount or limit beyond what the Redis ledger counts exactly (2^53)",
                        charge.rule());
            }
            keys.add(keyed.key() + start);
            args.add(Long.toString(amount));
            args.add(keyed.limit());
            args.add(Long.toString(start + charge.window().per().toMillis() - now + KEY_GRACE_MILLIS));
        }
        if (lease != null) {
            keys.add(namespace + ":l:" + digests.get(lease.key(), RedisLedger::digest));
            args.add(Long.toString(Math.max(1, lease.length().toMillis())));
            args.add(lease.holder());
            args.addAll(lease.family());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return refusal(call(keys, args), counters, whole, exact, lease, rule, now);
            } catch (JedisConnectionException e) {
                // a pooled connection the server closed: try a fresh one, with the same id, so never charged twice
                if (attempt == ATTEMPTS || System.currentTimeMillis() >= deadline || find(e, SocketTimeoutException.class) != null) {
                    return Refusal.unavailable(cause(e), rule);
                }
            } catch (RuntimeException e) {
                return Refusal.unavailable(cause(e), rule);
            }
        }
    }

    private List<?> call(List<String> keys, List<String> args) {
        Object reply;
        try {
            reply = redis.evalsha(SHA, keys, args);
        } catch (JedisNoScriptException e) {
            reply = redis.eval(SCRIPT, keys, args); // a restarted server: EVAL caches the script again
        }
        return (List<?>) reply;
    }

    private Refusal refusal(List<?> reply, Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease,
            String rule, long now) {
        String status = text(reply.get(0));
        return switch (status) {
            case "ok", "done" -> null;
            case "late" -> Refusal.unavailable("no answer within " + timeout.toMillis() + " ms (not charged)", rule);
            case "over" -> {
                Keyed keyed = (Keyed) counters[Integer.parseInt(text(reply.get(1))) - 1];
                yield Refusal.overLimit(keyed.charge(), BigDecimal.valueOf(Long.parseLong(text(reply.get(2))),
                        keyed.scale()), asked(keyed.charge(), whole, exact), now);
            }
            case "held" -> Refusal.held(lease, text(reply.get(1)), Instant.ofEpochMilli(Long.parseLong(text(reply.get(2)))));
            default -> Refusal.unavailable("unexpected answer " + RevocationStore.oneLine(status), rule);
        };
    }

    /** What one call adds to the counter of {@code charge}: one call, or the amount. */
    private static BigDecimal asked(Charge charge, long whole, BigDecimal exact) {
        return charge.countsCalls() ? BigDecimal.ONE : Ledger.amount(whole, exact);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /**
     * How many decimals a counter of {@code limit} keeps: six, or fewer for limits so large that six
     * would not fit in a Lua number exactly; -1 for a limit beyond 2^53. It depends on the limit
     * alone, which the counter's name holds, so every JVM counts a counter alike.
     */
    private static int scale(BigDecimal limit) {
        for (int scale = MAX_SCALE; scale >= 0; scale--) {
            if (whole(limit, scale, RoundingMode.FLOOR) >= 0) {
                return scale;
            }
        }
        return -1;
    }

    /** {@code amount} in units of 10^-scale, rounded as said; -1 beyond what a Lua number holds exactly. */
    private static long whole(BigDecimal amount, int scale, RoundingMode rounding) {
        if (scale < 0) {
            return -1;
        }
        BigDecimal scaled = amount.movePointRight(scale).setScale(0, rounding);
        return scaled.compareTo(BigDecimal.valueOf(EXACT)) > 0 ? -1 : scaled.longValueExact();
    }

    /** The first exception of {@code type} among {@code e}, its causes and what they suppressed, or {@code null}. */
    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                T found = find(suppressed, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Why the ledger could not answer, on one line, without credentials. */
    private String cause(Throwable e) {
        if (find(e, SocketTimeoutException.class) != null) {
            return "no answer from " + address + " within " + timeout.toMillis() + " ms";
        }
        ConnectException refused = find(e, ConnectException.class);
        if (refused != null) {
            return "cannot connect to " + address + " (" + RevocationStore.oneLine(String.valueOf(refused.getMessage())) + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return address + ": " + RevocationStore.oneLine(String.valueOf(root.getMessage()));
    }

    /** A short, fixed-length key part for any text: the first 16 bytes of its SHA-256, base64url. */
    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String script() {
        try (InputStream in = RedisLedger.class.getResourceAsStream("charge.lua")) {
            if (in == null) {
                throw new IllegalStateException("charge.lua is missing from the agent jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read charge.lua: " + e, e);
        }
    }
}
