package dev.charter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The inbound and outbound hooks, as the rewritten HTTP classes call them. */
class HttpPassportsTest {

    @Test
    void refusedPassport_leavesTheRequestUnbound_neverFreerThanBefore_andExitRestores() {
        Charter.Binding before = new Charter.Binding("agent:low", null, null);
        Charter.BOUND.set(before);
        try {
            // no office in this JVM: the passport cannot be checked, so it is refused
            Object entered = HttpPassports.enter("a.b.c");
            assertEquals(Optional.empty(), Charter.current());
            assertEquals("Confinement[agent:low]", String.valueOf(Charter.BOUND.get()), "confined, not free");
            assertTrue(HttpPassports.refusal().startsWith("the passport could not be checked"), HttpPassports.refusal());
            assertNull(HttpPassports.enter("x.y.z"), "a request inside the request changes nothing");
            HttpPassports.exit(entered);
            assertSame(before, Charter.BOUND.get());
            assertNull(HttpPassports.refusal());
        } finally {
            Charter.BOUND.set(null);
        }
    }

    @Test
    void confinedOrUnboundThread_sendsNoPassport() {
        Charter.BOUND.set(Charter.confinedBy(new Charter.Binding("agent:low", null, null)));
        try {
            assertNull(HttpPassports.outbound("http://localhost:1/mcp/x"));
        } finally {
            Charter.BOUND.set(null);
        }
        assertNull(HttpPassports.outbound("http://localhost:1/mcp/x"));
        assertNull(HttpPassports.enter(null), "no header: nothing to do");
    }
}
