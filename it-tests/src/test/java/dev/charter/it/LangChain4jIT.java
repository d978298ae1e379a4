package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.LangChain4jAgents;
import dev.charter.it.support.Jvm;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j AI services driven by a scripted model, with no Charter code in their tools: identity
 * from the policy's bind entry or the caller's binding, on the caller's thread, the tool executor's
 * and the streaming model's own; the tool list of each request is the identity's authority.
 */
class LangChain4jIT {

    private static final Path MEMORY_ID = Jvm.resource("it/langchain4j.yaml");
    private static final Path PARAMETER = Jvm.resource("it/langchain4j-parameter.yaml");
    private static final int CALLS = 500;
    private static Jvm.Result byMemoryId;
    private static Jvm.Result byParameter;

    @BeforeAll
    static void run() throws Exception {
        byMemoryId = langchain4j(MEMORY_ID).run(LangChain4jAgents.class, "memory-id", String.valueOf(CALLS));
        assertEquals(0, byMemoryId.exit(), byMemoryId::toString);
        byParameter = langchain4j(PARAMETER).run(LangChain4jAgents.class, "invocation-parameter");
        assertEquals(0, byParameter.exit(), byParameter::toString);
    }

    private static Jvm langchain4j(Path policy) {
        return Jvm.fork().withCharter("policy=" + policy).classPath(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
    }

    @Test
    void memoryId_bindsTheCall_andItsTools_runUnderIt() {
        assertEquals("refund: refunded order/EU-1 | lookup: found order/EU-1", byMemoryId.outcome("alice-eu"));
        assertEquals("refund: user:bob may not tools:refund on \"order/EU-1\": no rule grants it | lookup: found order/EU-1",
                byMemoryId.outcome("bob"), byMemoryId::toString);
    }

    @Test
    void refusal_reachesTheModel_asTheToolResult_oneLine() {
        assertTrue(byMemoryId.outcome("alice-us").startsWith(
                "refund: user:alice may not tools:refund on \"order/US-1\": resource not granted (" + MEMORY_ID + ":9)"),
                byMemoryId::toString);
    }

    @Test
    void memoryIdNotDeclared_refusesTheCall_bindsNothingElse() {
        assertEquals("ERROR ScopeViolation: unbound thread may not charter:bind on \"user:mallory\":"
                + " identity is not declared in the policy", byMemoryId.outcome("mallory"), byMemoryId::toString);
    }

    @Test
    void streaming_toolsOnTheModelsThread_runUnderTheCallsIdentity() {
        assertEquals("refund: refunded order/EU-2 | lookup: found order/EU-2", byMemoryId.outcome("alice-stream"),
                byMemoryId::toString);
        assertTrue(byMemoryId.outcome("bob-stream").startsWith("refund: user:bob may not tools:refund on \"order/EU-2\""),
                byMemoryId::toString);
    }

    @Test
    void streaming_underTheCallersRunAs_carriesItToTheModelsThread() {
        assertEquals("refund: refunded order/EU-3 | lookup: found order/EU-3", byMemoryId.outcome("desk-alice"),
                byMemoryId::toString);
        assertTrue(byMemoryId.outcome("desk-unbound").startsWith(
                "lookup: unbound thread may not tools:lookup on \"order/EU-3\": no identity bound on thread 'model-io'"),
                byMemoryId::toString);
    }

    @Test
    void twoIdentitiesConcurrently_parallelToolCalls_sequentialAndStreaming_noWrongDecision() {
        assertEquals(String.valueOf(2 * 2 * (CALLS + CALLS / 10)), byMemoryId.outcome("concurrent-tool-calls"));
        assertEquals("0", byMemoryId.outcome("concurrent-wrong"), byMemoryId::toString);
    }

    @Test
    void toolList_ofEachRequest_isExactlyTheIdentitysAuthority() {
        for (String tag : new String[] {"alice-eu", "alice-us", "alice-stream", "alice-loop", "alice-stream-loop",
                "desk-alice"}) {
            assertEquals("[[lookup, refund]]", byMemoryId.outcome("offered-" + tag), tag);
        }
        for (String tag : new String[] {"bob", "bob-stream", "bob-loop", "bob-stream-loop"}) {
            assertEquals("[[lookup]]", byMemoryId.outcome("offered-" + tag), tag);
        }
        assertEquals("[[]]", byMemoryId.outcome("offered-desk-unbound"));
    }

    @Test
    void invocationParameter_bindsTheCall_andItsAbsenceLeavesItUnbound() {
        assertEquals("refund: refunded order/EU-4", byParameter.outcome("parameter-alice"), byParameter::toString);
        assertEquals("[[lookup, refund]]", byParameter.outcome("offered-parameter-alice"));
        assertTrue(byParameter.outcome("parameter-none").startsWith(
                "lookup: unbound thread may not tools:lookup on \"order/EU-4\": no identity bound on thread 'main'"),
                byParameter::toString);
        assertEquals("[[]]", byParameter.outcome("offered-parameter-none"));
    }
}
