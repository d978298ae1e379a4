package dev.charter.agent.enforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One JVM's ledger, without a lock. Windows are fixed, aligned to the epoch in UTC (a {@code 1d}
 * budget resets at midnight UTC). Each counter is one {@link MemoryCount}, found by the name the
 * charge gives it (which does not depend on policy lines) once, when a row is compiled, and changed by
 * compare-and-set; leases are kept by key and changed the same way.
 *
 * <p>A call is all or nothing: its lease is taken first, then its counters are charged in order, and
 * when one refuses, those charged before it are given back and the lease restored. Another call may
 * meanwhile see the charge that is given back, and be refused for it; no call is ever allowed beyond
 * a limit, and a call that fits is allowed when nothing else is charging.
 */
public final class InMemoryLedger implements Ledger {

    private static final int LEASES_BEFORE_SWEEP = 10_000;

    private final ConcurrentMap<String, MemoryCount> counts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

    /** A charge, the count it adds to, and whether it adds one call rather than the amount. */
    private record Resolved(Charge charge, MemoryCount count, boolean calls) implements Counter {
    }

    /** Held by one identity, for its line: it, its principals ({@code family}) and its delegates. */
    private record Lease(String holder, Set<String> family, long until) {
        boolean sharedWith(LeaseRequest request) {
            return request.family().contains(holder) || family.contains(request.holder());
        }
    }

    @Override
    public Counter counter(Charge charge) {
        return new Resolved(charge, counts.computeIfAbsent(charge.counter(), name -> new MemoryCount(charge.window())),
                charge.countsCalls());
    }

    @Override
    public Refusal check(Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now) {
        if (lease != null) {
            Lease held = leases.get(lease.key());
            if (held != null && held.until() > now && !held.sharedWith(lease)) {
                return Refusal.held(lease, held.holder(), Instant.ofEpochMilli(held.until()));
            }
        }
        for (Counter counter : counters) {
            Resolved resolved = (Resolved) counter;
            Charge charge = resolved.charge();
            long fits = resolved.count().fits(now, resolved.calls(), whole, exact);
            if (fits != MemoryCount.FITS) {
                return refusal(resolved, fits, whole, exact, now);
            }
        }
        return null;
    }

    @Override
    public Refusal commit(Counter[] counters, long whole, BigDecimal exact, LeaseRequest lease, long now) {
        if (lease == null) {
            return charge(counters, 0, whole, exact, now);
        }
        Lease before;
        Lease taken;
        do {
            before = leases.get(lease.key());
            if (before != null && before.until() > now && !before.sharedWith(lease)) {
                return Refusal.held(lease, before.holder(), Instant.ofEpochMilli(before.until()));
            }
            // the lease passes to whoever of the line acted last, so a sibling of theirs is kept out
            taken = new Lease(lease.holder(), lease.family(), now + lease.length().toMillis());
        } while (before == null ? leases.putIfAbsent(lease.key(), taken) != null : !leases.replace(lease.key(), before, taken));
        Refusal refusal = charge(counters, 0, whole, exact, now);
        if (refusal != null) {
            // given back, unless someone of the line has taken it over since
            if (before == null) {
                leases.remove(lease.key(), taken);
            } else {
                leases.replace(lease.key(), taken, before);
            }
        } else if (before == null && leases.size() > LEASES_BEFORE_SWEEP) {
            leases.values().removeIf(expired -> expired.until() <= now);
        }
        return refusal;
    }

    /**
     * Charges {@code counters} from {@code next} on, all or none: recursive, so that what is given back
     * when a later counter refuses is on the stack, not in a list.
     */
    private static Refusal charge(Counter[] counters, int next, long whole, BigDecimal exact, long now) {
        if (next == counters.length) {
            return null;
        }
        Resolved resolved = (Resolved) counters[next];
        MemoryCount count = resolved.count();
        long window = count.add(now, resolved.calls(), whole, exact);
        if (window == MemoryCount.REFUSED || window == MemoryCount.TOO_FINE) {
            return refusal(resolved, window, whole, exact, now);
        }
        Refusal later = charge(counters, next + 1, whole, exact, now);
        if (later != null) {
            count.giveBack(window, resolved.calls(), whole, exact);
        }
        return later;
    }

    /** Why {@code resolved} refused, as {@link MemoryCount#REFUSED} or {@link MemoryCount#TOO_FINE} said. */
    private static Refusal refusal(Resolved resolved, long refused, long whole, BigDecimal exact, long now) {
        Charge charge = resolved.charge();
        BigDecimal asked = charge.countsCalls() ? BigDecimal.ONE : Ledger.amount(whole, exact);
        if (refused == MemoryCount.TOO_FINE) {
            return Refusal.finerThanCounted(charge, asked, resolved.count().decimals());
        }
        return Refusal.overLimit(charge, resolved.count().spent(now), asked, now);
    }
}
