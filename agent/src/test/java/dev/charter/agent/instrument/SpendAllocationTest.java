package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Charter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allowed path of an action with both {@code @ActsOn} and {@code @Spends}, on a grant that
 * lists resources but sets no limit, allocates nothing, whatever the amount's type: a primitive
 * amount reaches the enforcer unboxed, and is boxed only where a limit would need it. On a grant
 * with a budget and a rate, a whole amount is counted without allocating too.
 */
class SpendAllocationTest {

    private static final int CALLS = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"whole", "small", "fraction", "exact"})
    void allowedCall_withResourceAndSpend_allocatesNothing(String method) throws Exception {
        assertAllocatesNothing("agent:bot", method);
    }

    @ParameterizedTest
    @ValueSource(strings = {"whole", "small"})
    void allowedCall_ofABudgetAndARate_wholeAmount_allocatesNothing(String method) throws Exception {
        assertAllocatesNothing("agent:spender", method);
    }

    private static void assertAllocatesNothing(String identity, String method) throws Exception {
        RewritingLoader loader = new RewritingLoader(Rewriter.forTest(List.of(), TestEnforcement.actions()));
        Class<?> type = loader.loadClass(RewritingLoader.FIXTURES + "Spending");
        Object spending = type.getConstructor().newInstance();
        Method call = List.of(type.getMethods()).stream().filter(m -> m.getName().equals(method)).findFirst().orElseThrow();
        Object amount = switch (method) {
            case "whole" -> 4_200L; // beyond the boxes the JDK caches, so that boxing would show
            case "small" -> 4_200;
            case "fraction" -> 4.2;
            default -> new BigDecimal("4.20");
        };
        Object[] arguments = {"order/EU-7", amount};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Charter.Binding ignored = Charter.bind(identity)) {
            Runnable calls = () -> {
                try {
                    for (int i = 0; i < CALLS; i++) {
                        call.invoke(spending, arguments);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            };
            calls.run(); // warm up: reflection's accessors and the JIT settle
            long before = threads.getCurrentThreadAllocatedBytes();
            calls.run();
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < CALLS / 10, allocated + " bytes over " + CALLS + " allowed calls of " + method
                    + " by " + identity);
        }
    }
}
