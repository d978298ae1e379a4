package dev.charter;

import static dev.charter.agent.enforce.Thrown.thrown;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.enforce.ActionSite;
import dev.charter.agent.instrument.TestEnforcement;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The gate's fast path, in-process, against the test JVM's enforcer. */
class GateTest {

    private static final int CALLS = 1_000_000;

    @Test
    void allows_grantedAction_allocatesNothing() {
        ActionSite refund = TestEnforcement.actions().register("payments:refund", "GateTest#refund()", false, false);
        try (Charter.Binding ignored = Charter.bind("user:alice")) {
            thrown(Gate.decide(refund.id(), null, null));
            assertTrue(Gate.allows(refund.id()));
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            boolean all = true;
            for (int i = 0; i < CALLS; i++) {
                all &= Gate.allows(refund.id());
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(all);
            assertTrue(allocated < 1_024, allocated + " bytes over " + CALLS + " allowed checks");
        }
    }

    @Test
    void allows_unboundThread_isFalse_andDecideRefuses() {
        ActionSite report = TestEnforcement.actions().register("payments:report", "GateTest#report()", false, false);
        assertFalse(Gate.allows(report.id()));
        assertThrows(ScopeViolation.class, () -> thrown(Gate.decide(report.id(), null, null)));
    }

    @Test
    void allows_actionRegisteredAfterTheRowWasBuilt_isDecidedThenCached() {
        try (Charter.Binding ignored = Charter.bind("user:alice")) {
            ActionSite first = TestEnforcement.actions().register("payments:first", "GateTest#first()", false, false);
            thrown(Gate.decide(first.id(), null, null));
            ActionSite later = TestEnforcement.actions().register("payments:later", "GateTest#later()", false, false);
            assertFalse(Gate.allows(later.id()), "the cached row predates the action");
            thrown(Gate.decide(later.id(), null, null));
            assertTrue(Gate.allows(later.id()));
        }
    }

    @Test
    void allows_grantLimitedToResources_neverTakesTheFastPath() {
        ActionSite refund = TestEnforcement.actions().register("payments:refund", "GateTest#refund(String)", true, false);
        try (Charter.Binding ignored = Charter.bind("agent:bot")) {
            thrown(Gate.decide(refund.id(), "order/EU-1", null));
            assertFalse(Gate.allows(refund.id()));
            assertThrows(ScopeViolation.class, () -> thrown(Gate.decide(refund.id(), "order/US-1", null)));
        }
    }

    @Test
    void install_second_isRefused() {
        TestEnforcement.actions();
        assertThrows(IllegalStateException.class, () -> Gate.install(null));
    }
}
