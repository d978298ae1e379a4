package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.AttachLater;
import dev.charter.it.support.Jvm;
import org.junit.jupiter.api.Test;

/** Attached to a running JVM, the agent enforces classes that were loaded and used before it came. */
class AttachIT {

    @Test
    void classesLoadedBeforeAttach_areEnforcedAfterIt() throws Exception {
        Jvm.Result run = Jvm.fork().option("-Djdk.attach.allowAttachSelf=true")
                .run(AttachLater.class, Jvm.AGENT.toString(), "policy=" + Jvm.POLICY);
        assertEquals(0, run.exit(), run::toString);
        assertEquals("ALLOWED", run.outcome("before unbound-refund"), "no agent yet: nothing is checked");
        assertEquals("ALLOWED", run.outcome("before static"));
        assertTrue(run.outcome("after unbound-refund").startsWith("DENIED unbound thread"), run::toString);
        assertTrue(run.outcome("after static").startsWith("DENIED unbound thread"), run::toString);
        assertEquals("ALLOWED", run.outcome("after alice-refund"), run::toString);
        assertTrue(run.outcome("after bot-us").startsWith("DENIED agent:refund-bot"), run::toString);
    }
}
