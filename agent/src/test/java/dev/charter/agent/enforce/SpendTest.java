package dev.charter.agent.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A {@code @Spends} argument counts exactly, whatever its number type, or is refused. */
class SpendTest {

    static Stream<Arguments> amounts() {
        DoubleAdder adder = new DoubleAdder();
        adder.add(2.5);
        return Stream.of(
                Arguments.of(7, "7"),
                Arguments.of(Long.MAX_VALUE, "9223372036854775807"),
                Arguments.of((short) 3, "3"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(0.1f, "0.1"),
                Arguments.of(-0.0, "0.0"),
                Arguments.of(new BigDecimal("12.345"), "12.345"),
                Arguments.of(BigInteger.ONE.shiftLeft(70), "1180591620717411303424"),
                Arguments.of(new AtomicLong(42), "42"),
                Arguments.of(adder, "2.5"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("amounts")
    void exact_everyNumberType_isConvertedExactly(Object spend, String expected) {
        assertEquals(new BigDecimal(expected), Spend.exact(spend));
        assertTrue(Spend.valid(spend));
    }

    static Stream<Object> notAmounts() {
        return Stream.of(-1, -1L, Long.MIN_VALUE, -0.5, Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                new BigDecimal("-0.01"), BigInteger.ONE.shiftLeft(70).negate(), new AtomicLong(-3), null, "5",
                new Object());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAmounts")
    void exact_negativeNanInfiniteNullOrNotANumber_isRefused(Object spend) {
        assertNull(Spend.exact(spend));
        assertFalse(Spend.valid(spend));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAmounts")
    void describe_namesAJdkNumberByValue_andAnythingElseByItsTypeOnly(Object spend) {
        String described = Spend.describe(spend);
        assertFalse(described.contains("\n"));
        if (spend instanceof String) {
            assertEquals("a java.lang.String", described);
        }
    }
}
