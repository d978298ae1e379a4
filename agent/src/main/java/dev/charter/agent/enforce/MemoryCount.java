package dev.charter.agent.enforce;

import dev.charter.agent.policy.Window;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One counter of the memory ledger: what was counted in its latest window, changed by compare-and-set.
 *
 * <p>Amounts are counted as whole units of 10^-{@link #decimals()}, as many decimals as the limit leaves
 * room for in a {@code long} (at most 18): a limit of 2000 counts to 15 decimals, one of 10^15 to 3.
 * An amount finer than that is refused ({@link #TOO_FINE}), never rounded. A limit that no {@code long}
 * counts exactly (more than 18 significant digits) is counted in exact decimals instead, which allocates.
 */
final class MemoryCount {

    /** What {@link #add} and {@link #fits} answer when the amount would take the count beyond the limit. */
    static final long REFUSED = Long.MIN_VALUE;
    /** What they answer for an amount with more decimals than this count keeps. */
    static final long TOO_FINE = Long.MIN_VALUE + 1;
    /** Fits: what {@link #fits} answers otherwise. */
    static final long FITS = 0;
    private static final int MOST_DECIMALS = 18;
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The count of one window: units in the {@code long}, or, for an exact count, {@code exact}. */
    private static final class Period {
        private static final VarHandle UNITS;

        static {
            try {
                UNITS = MethodHandles.lookup().findVarHandle(Period.class, "units", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final long start;
        private final BigDecimal exact;
        private volatile long units;

        Period(long start, BigDecimal exact) {
            this.start = start;
            this.exact = exact;
        }

        long get() {
            return units;
        }

        boolean compareAndSet(long expected, long next) {
            return UNITS.compareAndSet(this, expected, next);
        }

        void add(long delta) {
            UNITS.getAndAdd(this, delta);
        }
    }

    private final BigDecimal limit;
    /** Decimals counted; -1 when counted exactly. */
    private final int decimals;
    private final long limitUnits;
    private final long unitsPerWhole;
    private final long largestWhole;
    private final long perMillis;
    private final AtomicReference<Period> latest;

    MemoryCount(Window window) {
        this.limit = window.limit();
        this.decimals = decimals(limit);
        this.limitUnits = decimals < 0 ? -1 : limit.movePointRight(decimals).longValueExact();
        this.unitsPerWhole = decimals < 0 ? 1 : BigDecimal.ONE.movePointRight(decimals).longValueExact();
        this.largestWhole = Long.MAX_VALUE / unitsPerWhole;
        this.perMillis = window.per().toMillis();
        this.latest = new AtomicReference<>(new Period(Long.MIN_VALUE, decimals < 0 ? BigDecimal.ZERO : null));
    }

    /** The most decimals {@code limit} can be counted with in a {@code long}, or -1. */
    private static int decimals(BigDecimal limit) {
        for (int decimals = MOST_DECIMALS; decimals >= 0; decimals--) {
            BigDecimal units = limit.movePointRight(decimals);
            if (units.compareTo(LONG_MAX) < 0 && units.signum() > 0 && units.stripTrailingZeros().scale() <= 0) {
                return decimals;
            }
        }
        return -1;
    }

    int decimals() {
        return decimals;
    }

    /** The start of the window that {@code now} (ms since the epoch) falls in: aligned to UTC, as every ledger's. */
    long windowStart(long now) {
        return now - Math.floorMod(now, perMillis);
    }

    /**
     * Adds one call ({@code call}) or the amount ({@code whole}, or {@code exact} when not {@code null})
     * to the window starting at {@code start}, or to a later one if the count has moved on: the start of
     * the window counted in, or {@link #REFUSED} or {@link #TOO_FINE}, changing nothing.
     */
    long add(long start, boolean call, long whole, BigDecimal exact) {
        if (decimals < 0) {
            return addExactly(start, call ? BigDecimal.ONE : Ledger.amount(whole, exact));
        }
        long units = units(call, whole, exact);
        if (units == TOO_FINE) {
            return TOO_FINE;
        }
        for (;;) {
            Period period = period(start);
            long spent = period.get();
            if (units > limitUnits - spent) {
                return REFUSED;
            }
            if (period.compareAndSet(spent, spent + units)) {
                return period.start;
            }
        }
    }

    /** Takes back what {@link #add} added to the window starting at {@code window}, unless it has passed. */
    void giveBack(long window, boolean call, long whole, BigDecimal exact) {
        if (decimals < 0) {
            BigDecimal amount = call ? BigDecimal.ONE : Ledger.amount(whole, exact);
            for (Period period = latest.get(); period.start == window; period = latest.get()) {
                if (latest.compareAndSet(period, new Period(window, period.exact.subtract(amount)))) {
                    return;
                }
            }
            return;
        }
        Period period = latest.get();
        if (period.start == window) {
            period.add(-units(call, whole, exact));
        }
    }

    /** Whether {@link #add} would add now: {@link #FITS}, {@link #REFUSED} or {@link #TOO_FINE}. */
    long fits(long start, boolean call, long whole, BigDecimal exact) {
        if (decimals < 0) {
            BigDecimal amount = call ? BigDecimal.ONE : Ledger.amount(whole, exact);
            return spent(start).add(amount).compareTo(limit) > 0 ? REFUSED : FITS;
        }
        long units = units(call, whole, exact);
        return units == TOO_FINE ? TOO_FINE : units > limitUnits - period(start).get() ? REFUSED : FITS;
    }

    /** What is counted in the window starting at {@code start} (or in a later one, if the count has moved on). */
    BigDecimal spent(long start) {
        Period period = latest.get();
        if (period.start < start) {
            return BigDecimal.ZERO;
        }
        return decimals < 0 ? period.exact : BigDecimal.valueOf(period.get(), decimals);
    }

    private long addExactly(long start, BigDecimal amount) {
        for (;;) {
            Period period = period(start);
            BigDecimal spent = period.exact.add(amount);
            if (spent.compareTo(limit) > 0) {
                return REFUSED;
            }
            if (latest.compareAndSet(period, new Period(period.start, spent))) {
                return period.start;
            }
        }
    }

    /** The latest window, started anew if {@code start} is later. */
    private Period period(long start) {
        for (;;) {
            Period period = latest.get();
            if (period.start >= start) {
                return period;
            }
            Period fresh = new Period(start, decimals < 0 ? BigDecimal.ZERO : null);
            if (latest.compareAndSet(period, fresh)) {
                return fresh;
            }
        }
    }

    /** The amount in units; {@code Long.MAX_VALUE} for one beyond any limit, {@link #TOO_FINE} for one too fine. */
    private long units(boolean call, long whole, BigDecimal exact) {
        if (call) {
            return unitsPerWhole;
        }
        if (exact == null) {
            return whole <= largestWhole ? whole * unitsPerWhole : Long.MAX_VALUE;
        }
        BigDecimal units = exact.movePointRight(decimals);
        if (units.signum() != 0 && units.stripTrailingZeros().scale() > 0) {
            return TOO_FINE;
        }
        return units.compareTo(LONG_MAX) >= 0 ? Long.MAX_VALUE : units.longValue();
    }
}
