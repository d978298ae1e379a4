package dev.charter.agent.enforce;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The {@code @Spends} argument of a call as an exact amount: what limits and budgets count. */
public final class Spend {

    /** Why a call whose spend is not an amount is refused. */
    static final String INVALID = "spend must be a finite amount ≥ 0";

    /** The most digits either side of the point an amount is written out with; beyond, it is written as 1.5E+40. */
    private static final int PLAIN_DIGITS = 40;

    private Spend() {
    }

    /**
     * {@code amount} as written for a person: in full, or in scientific notation when that would run past
     * {@value #PLAIN_DIGITS} digits (an amount such as 1e999999999 would otherwise be written with a
     * billion digits).
     */
    public static String text(BigDecimal amount) {
        boolean plain = amount.scale() <= PLAIN_DIGITS && amount.precision() - amount.scale() <= PLAIN_DIGITS;
        return plain ? amount.toPlainString() : amount.toString();
    }

    /**
     * Whether {@code spend} is a finite amount ≥ 0; for the JDK's number types without allocating, so
     * that an allowed call without limits costs nothing more.
     */
    static boolean valid(Object spend) {
        if (spend instanceof Long || spend instanceof Integer || spend instanceof Short || spend instanceof Byte) {
            return ((Number) spend).longValue() >= 0;
        }
        if (spend instanceof Double || spend instanceof Float) {
            double value = ((Number) spend).doubleValue();
            return Double.isFinite(value) && value >= 0;
        }
        if (spend instanceof BigDecimal exact) {
            return exact.signum() >= 0;
        }
        if (spend instanceof BigInteger whole) {
            return whole.signum() >= 0;
        }
        return exact(spend) != null;
    }

    /**
     * The exact amount of {@code spend}, or {@code null} when it is not a finite amount ≥ 0: negative,
     * NaN, infinite, {@code null}, or not a {@link Number} Charter can read exactly.
     */
    static BigDecimal exact(Object spend) {
        BigDecimal amount = convert(spend);
        return amount != null && amount.signum() >= 0 ? amount : null;
    }

    /**
     * The amount of {@code spend} when it is a whole number ≥ 0 in one of the JDK's integral boxes, read
     * without allocating; else {@link Ledger#NO_AMOUNT} ({@link #exact} reads it then).
     */
    static long whole(Object spend) {
        if (spend instanceof Long || spend instanceof Integer || spend instanceof Short || spend instanceof Byte) {
            long whole = ((Number) spend).longValue();
            return whole >= 0 ? whole : Ledger.NO_AMOUNT;
        }
        return Ledger.NO_AMOUNT;
    }

    /** What a refused spend was, for the refusal: a JDK number's value, else only its type. */
    static String describe(Object spend) {
        if (spend == null) {
            return "null";
        }
        return spend instanceof Number && spend.getClass().getClassLoader() == null
                ? String.valueOf(spend) : "a " + spend.getClass().getName();
    }

    private static BigDecimal convert(Object spend) {
        if (spend instanceof BigDecimal exact) {
            return exact;
        }
        if (spend instanceof BigInteger whole) {
            return new BigDecimal(whole);
        }
        if (spend instanceof Long || spend instanceof Integer || spend instanceof Short || spend instanceof Byte
                || spend instanceof AtomicLong || spend instanceof AtomicInteger || spend instanceof LongAdder
                || spend instanceof LongAccumulator) {
            return BigDecimal.valueOf(((Number) spend).longValue());
        }
        if (spend instanceof Double || spend instanceof Float || spend instanceof DoubleAdder
                || spend instanceof DoubleAccumulator) {
            double value = ((Number) spend).doubleValue();
            // the decimal the caller wrote (0.1, not its binary neighbour); a float reads as its own decimal
            return !Double.isFinite(value) ? null
                    : spend instanceof Float single ? new BigDecimal(Float.toString(single)) : BigDecimal.valueOf(value);
        }
        if (spend instanceof Number other) {
            try {
                return new BigDecimal(other.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
