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
        /** Where the next window starts. */
        private final long end;
        private final BigDecimal exact;
        private volatile long units;

        Period(long start, long end, BigDecimal exact) {
            this.start = start;
            this.end = end;
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
        this.latest = new AtomicReference<>(new Period(Long.MIN_VALUE, Long.MIN_VALUE, decimals < 0 ? BigDecimal.ZERO : null));
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


    /**
     * Adds one call ({@code call}) or the amount ({@code whole}, or {@code exact} when not {@code null})
     * to the window {@code now} (ms since the epoch) falls in, or to a later one if the count has moved
     * on: the start of the window counted in, or {@link #REFUSED} or {@link #TOO_FINE}, changing nothing.
     */
    long add(long now, boolean call, long whole, BigDecimal exact) {
        if (decimals < 0) {
            return addExactly(now, call ? BigDecimal.ONE : Ledger.amount(whole, exact));
        }
        long units = units(call, whole, exact);
        if (units == TOO_FINE) {
            return TOO_FINE;
        }
        for (;;) {
            Period period = period(now);
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
                if (latest.compareAndSet(period, new Period(window, period.end, period.exact.subtract(amount)))) {
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

    /** Whether {@link #add} would add at {@code now}: {@link #FITS}, {@link #REFUSED} or {@link #TOO_FINE}. */
    long fits(long now, boolean call, long whole, BigDecimal exact) {
        if (decimals < 0) {
            BigDecimal amount = call ? BigDecimal.ONE : Ledger.amount(whole, exact);
            return spent(now).add(amount).compareTo(limit) > 0 ? REFUSED : FITS;
        }
        long units = units(call, whole, exact);
        if (units == TOO_FINE) {
            return TOO_FINE;
        }
        Period period = latest.get();
        return units > limitUnits - (period.end <= now ? 0 : period.get()) ? REFUSED : FITS;
    }

    /** What is counted in the window {@code now} falls in (or in a later one, if the count has moved on). */
    BigDecimal spent(long now) {
        Period period = latest.get();
        if (period.end <= now) {
            return BigDecimal.ZERO;
        }
        return decimals < 0 ? period.exact : BigDecimal.valueOf(period.get(), decimals);
    }

    private long addExactly(long now, BigDecimal amount) {
        for (;;) {
            Period period = period(now);
            BigDecimal spent = period.exact.add(amount);
            if (spent.compareTo(limit) > 0) {
                return REFUSED;
            }
            if (latest.compareAndSet(period, new Period(period.start, period.end, spent))) {
                return period.start;
            }
        }
    }

    /**
     * The latest window, started anew if {@code now} is past it: windows follow one another aligned to
     * the epoch, so the division that finds a window's start is made once per window, not per call.
     */
    private Period period(long now) {
        for (;;) {
            Period period = latest.get();
            if (now < period.end) {
                return period;
            }
            long start = now - Math.floorMod(now, perMillis);
            Period fresh = new Period(start, start + perMillis, decimals < 0 ? BigDecimal.ZERO : null);
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
