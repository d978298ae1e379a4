package dev.charter.agent.enforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JVM's ledger. Windows are fixed, aligned to the epoch in UTC (a {@code 1d} budget resets at
 * midnight UTC). One lock makes every commit atomic; only constrained calls come here. Counters and
 * leases are kept by the keys the charges and requests name, which do not depend on policy lines.
 */
public final class InMemoryLedger implements Ledger {

    private static final int LEASES_BEFORE_SWEEP = 10_000;

    private final Map<String, Count> counts = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();

    private record Count(long windowStart, BigDecimal spent) {
    }

    /** Held by one identity, for its line: it, its principals ({@code family}) and its delegates. */
    private record Lease(String holder, Set<String> family, Instant until) {
        boolean sharedWith(LeaseRequest request) {
            return request.family().contains(holder) || family.contains(request.holder());
        }
    }

    @Override
    public synchronized Refusal check(List<Charge> charges, LeaseRequest lease, Instant now) {
        return refusal(charges, lease, now);
    }

    @Override
    public synchronized Refusal commit(List<Charge> charges, LeaseRequest lease, Instant now) {
        Refusal refusal = refusal(charges, lease, now);
        if (refusal != null) {
            return refusal;
        }
        for (Charge charge : charges) {
            long start = windowStart(charge, now);
            counts.put(charge.counter(), new Count(start, spent(charge, start).add(charge.amount())));
        }
        if (lease != null) {
            // the lease passes to whoever of the line acted last, so a sibling of theirs is kept out
            leases.put(lease.key(), new Lease(lease.holder(), lease.family(), now.plus(lease.length())));
            if (leases.size() > LEASES_BEFORE_SWEEP) {
                leases.values().removeIf(expired -> !expired.until().isAfter(now));
            }
        }
        return null;
    }

    private Refusal refusal(List<Charge> charges, LeaseRequest lease, Instant now) {
        if (lease != null) {
            Lease held = leases.get(lease.key());
            if (held != null && held.until().isAfter(now) && !held.sharedWith(lease)) {
                return Refusal.held(lease, held.holder(), held.until());
            }
        }
        for (Charge charge : charges) {
            long start = windowStart(charge, now);
            BigDecimal spent = spent(charge, start);
            if (spent.add(charge.amount()).compareTo(charge.window().limit()) > 0) {
                return Refusal.overLimit(charge, spent, now);
            }
        }
        return null;
    }

    private BigDecimal spent(Charge charge, long windowStart) {
        Count count = counts.get(charge.counter());
        return count == null || count.windowStart() != windowStart ? BigDecimal.ZERO : count.spent();
    }

    private static long windowStart(Charge charge, Instant now) {
        return charge.windowStart(now);
    }
}
