package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charter.it.app.Handover;
import dev.charter.it.app.Interleave;
import dev.charter.it.support.Jvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Identity travels with work handed to other threads, never leaks, never escalates. */
class HandoverIT {

    private static final int JDK = Runtime.version().feature();
    private static final String UNBOUND = "DENIED unbound thread may not payments:refund on \"order/EU-1\": no identity bound on thread";
    private static Jvm.Result run;

    @BeforeAll
    static void handOver() throws Exception {
        Jvm jvm = Jvm.fork().withCharter("policy=" + Jvm.POLICY);
        if (JDK >= 25) {
            jvm.option("--enable-preview"); // StructuredTaskScope is a preview API
        }
        run = jvm.run(Handover.class);
        assertEquals(0, run.exit(), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "execute", "submit-callable", "submit-runnable", "invoke-all", "invoke-any", "schedule", "schedule-periodic",
        "completable-default", "completable-executor", "completable-then-async", "completable-then-async-executor",
        "fork-join-submit", "fork-join-execute", "fork-join-recursive", "common-pool", "parallel-stream",
    })
    void submittedFromBoundThread_runsUnderItsIdentity_andFromUnboundThread_runsUnbound(String path) {
        assertEquals("ALLOWED", run.outcome("bound-" + path), run::toString);
        assertTrue(run.outcome("unbound-" + path).startsWith(UNBOUND), run::toString);
        assertTrue(!run.outcome("unbound-" + path).contains("ALLOWED"), run::toString);
    }

    @Test
    void virtualThreadExecutor_carriesTheSubmitter() {
        assumeTrue(JDK >= 21, "virtual threads from JDK 21");
        assertEquals("ALLOWED | ALLOWED", run.outcome("bound-virtual-executor"), run::toString);
        assertTrue(run.outcome("unbound-virtual-executor").startsWith(UNBOUND), run::toString);
    }

    @Test
    void structuredTaskScopeFork_carriesTheOwner() {
        assumeTrue(JDK >= 25, "StructuredTaskScope.open from JDK 25 (preview)");
        assertEquals("ALLOWED", run.outcome("bound-structured-fork"), run::toString);
        assertTrue(run.outcome("unbound-structured-fork").startsWith(UNBOUND), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pool-next-task", "pool-after-unclosed-bind", "pool-after-throw", "raw-thread"})
    void nothingLeaksOrIsInherited(String scenario) {
        assertTrue(run.outcome(scenario).startsWith(UNBOUND), run::toString);
    }

    @Test
    void rawVirtualThread_startsUnbound() {
        assumeTrue(JDK >= 21, "virtual threads from JDK 21");
        assertTrue(run.outcome("raw-virtual-thread").startsWith(UNBOUND), run::toString);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "wrapped-thread        | ALLOWED",
        "delegate              | ALLOWED",
        "delegate-of-delegate  | ALLOWED",
        "session-in-scope      | ALLOWED",
        "escalate              | DENIED agent:refund-bot may not charter:bind on \"user:alice\": user:alice does not act on behalf of agent:refund-bot",
        "session-out-of-scope  | DENIED user:alice/session:report-only may not payments:refund on \"order/EU-1\": not among the session's scopes [payments:report]",
        "close-out-of-order    | ERROR java.lang.IllegalStateException: binding of 'user:alice' closed out of order: 'agent:refund-bot' was bound after it and is still open",
    })
    void bindingRules(String scenario, String outcome) {
        assertEquals(outcome, run.outcome(scenario), run::toString);
    }

    @Test
    void session_isRefusedOnceItsTimeIsUp() {
        assertTrue(run.outcome("session-expired").startsWith(
                "DENIED user:alice/session:brief may not payments:refund on \"order/EU-1\": session expired at "), run::toString);
    }

    @Test
    void manyIdentitiesInterleavedOnSharedPools_neverAWrongDecision() throws Exception {
        Jvm.Result stress = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",audit=" + java.nio.file.Files.createTempFile("charter-stress", ".jsonl"))
                .run(Interleave.class, "3000", "1001");
        assertEquals(0, stress.exit(), stress::toString);
        String[] words = stress.out().strip().split(" ");
        assertTrue(Long.parseLong(words[1]) > 1_000, stress::toString);
        assertEquals("decisions " + words[1] + " wrong 0", stress.out().strip());
    }
}
