package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.SpringAiAgents;
import dev.charter.it.support.Jvm;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring AI tool calling driven by a scripted chat model, with no Charter code in the tools: each
 * request's identity from its tool context, on the caller's thread and Reactor's; the tools offered
 * to each request are the identity's authority.
 */
class SpringAiIT {

    private static final Path POLICY = Jvm.resource("it/spring-ai.yaml");
    private static final int CALLS = 500;
    private static Jvm.Result run;

    @BeforeAll
    static void run() throws Exception {
        run = Jvm.fork().withCharter("policy=" + POLICY).classPath(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"))).run(SpringAiAgents.class, String.valueOf(CALLS));
        assertEquals(0, run.exit(), run::toString);
    }

    @Test
    void toolContextEntry_bindsTheRequestsTools() {
        assertEquals("refund: \"refunded order/EU-1\" | lookup: \"found order/EU-1\"", run.outcome("alice-eu"),
                run::toString);
        assertEquals("refund: user:bob may not tools:refund on \"order/EU-1\": no rule grants it | lookup: \"found order/EU-1\"",
                run.outcome("bob"), run::toString);
    }

    @Test
    void refusal_reachesTheModel_asTheToolResponse_oneLine() {
        assertTrue(run.outcome("alice-us").startsWith(
                "refund: user:alice may not tools:refund on \"order/US-1\": resource not granted (" + POLICY + ":10)"),
                run::toString);
    }

    @Test
    void streaming_toolsOnReactorsThreads_runUnderTheRequestsIdentity() {
        assertEquals("refund: \"refunded order/EU-2\" | lookup: \"found order/EU-2\"", run.outcome("alice-stream"),
                run::toString);
        assertTrue(run.outcome("bob-stream").startsWith("refund: user:bob may not tools:refund on \"order/EU-2\""),
                run::toString);
    }

    @Test
    void noEntry_bindsNothing_butTheCallersRunAsHolds() {
        assertTrue(run.outcome("none").startsWith(
                "lookup: unbound thread may not tools:lookup on \"order/EU-3\": no identity bound on thread 'main'"),
                run::toString);
        assertEquals("refund: \"refunded order/EU-3\"", run.outcome("runas-alice"), run::toString);
    }

    @Test
    void twoIdentitiesConcurrently_noWrongDecision() {
        assertEquals(String.valueOf(2 * 2 * CALLS), run.outcome("concurrent-tool-calls"));
        assertEquals("0", run.outcome("concurrent-wrong"), run::toString);
    }

    @Test
    void toolList_ofEachRequest_isExactlyTheIdentitysAuthority() {
        for (String tag : new String[] {"alice-eu", "alice-us", "alice-stream", "alice-loop", "runas-alice"}) {
            assertEquals("[[lookup, refund]]", run.outcome("offered-" + tag), tag);
        }
        for (String tag : new String[] {"bob", "bob-stream", "bob-loop"}) {
            assertEquals("[[lookup]]", run.outcome("offered-" + tag), tag);
        }
        assertEquals("[[]]", run.outcome("offered-none"));
    }
}
