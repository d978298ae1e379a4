package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.AgenticAgents;
import dev.charter.it.support.Jvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agents of LangChain4j's agentic module driven by the scripted model, with no Charter code: each
 * named agent, with its tools, runs under its own identity — on its own, in a sequence, in parallel
 * on an executor — delegating as the policy's {@code on-behalf-of} says.
 */
class LangChain4jAgenticIT {

    private static final int CALLS = 200;
    private static Jvm.Result run;

    @BeforeAll
    static void run() throws Exception {
        run = Jvm.fork().withCharter("policy=" + Jvm.resource("it/agentic.yaml"))
                .classPath(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
                .run(AgenticAgents.class, String.valueOf(CALLS));
        assertEquals(0, run.exit(), run::toString);
    }

    @Test
    void namedAgent_onItsOwn_runsItsToolsUnderItsOwnIdentity() {
        String expected = "refund: refunded order/EU-1 | lookup: agent:refund-bot may not tools:lookup on \"order/EU-1\":"
                + " no rule grants it";
        assertEquals(expected, run.outcome("standalone-alice"), run::toString);
        assertEquals(expected, run.outcome("standalone-free"), run::toString);
        assertEquals("none", run.outcome("after-standalone"), "the caller's thread is restored");
    }

    @Test
    void agentThatIsNoDelegateOfTheInvokingIdentity_isRefused() {
        assertTrue(run.outcome("standalone-bob").startsWith(
                "ERROR ScopeViolation: user:bob may not charter:bind on \"agent:refund-bot\""), run::toString);
        assertTrue(run.outcome("rogue-under-alice").startsWith(
                "ERROR ScopeViolation: user:alice may not charter:bind on \"agent:rogue\""), run::toString);
    }

    @Test
    void subAgents_ofASequence_andInParallelOnAnExecutor_eachRunUnderTheirOwnIdentity() {
        for (String workflow : new String[] {"sequence", "parallel"}) {
            String order = workflow.equals("sequence") ? "order/EU-2" : "order/EU-3";
            assertEquals("refund: refunded " + order + " | lookup: agent:refund-bot may not tools:lookup on \"" + order
                    + "\": no rule grants it", run.outcome(workflow + "-refunds"), run::toString);
            assertEquals("refund: agent:lookup-bot may not tools:refund on \"" + order + "\": no rule grants it"
                    + " | lookup: found " + order, run.outcome(workflow + "-lookups"), run::toString);
        }
    }

    @Test
    void toolList_ofEachAgent_isItsIdentitysAuthority() {
        for (String tag : new String[] {"sa", "sf", "seq", "par", "conc"}) {
            assertEquals("[[refund]]", run.outcome("offered-refunds-" + tag), tag);
        }
        for (String tag : new String[] {"seq", "par", "conc"}) {
            assertEquals("[[lookup]]", run.outcome("offered-lookups-" + tag), tag);
        }
    }

    @Test
    void agentsOfOneIdentityAndRefusalsOfAnother_concurrently_noWrongDecision() {
        assertEquals(String.valueOf(3 * CALLS), run.outcome("concurrent-calls"));
        assertEquals("0", run.outcome("concurrent-wrong"), run::toString);
    }
}
