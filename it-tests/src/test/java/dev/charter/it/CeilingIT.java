package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.charter.it.app.Ceiling;
import dev.charter.it.app.Crossings;
import dev.charter.it.support.Jvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The right to bind follows the work's origin: no route to other work lets an agent become someone else. */
class CeilingIT {

    private static final String POLICY = "policy=" + Jvm.resource("it/ceiling.yaml");
    private static final String REFUSED =
            "DENIED charter:bind for agent:low on user:admin: user:admin does not act on behalf of agent:low";
    private static Jvm.Result run;

    @BeforeAll
    static void takeEveryRoute() throws Exception {
        run = Jvm.fork().withCharter(POLICY).run(Ceiling.class);
        assertEquals(0, run.exit(), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw-thread", "virtual-thread", "timer", "timer-task-on-free-timer",
        "future-task-made-on-new-thread", "wrap-made-on-new-thread", "own-executor", "orchestrators-executor",
        "orchestrators-executor-service", "orchestrators-lambda-executor", "orchestrators-pool-subclass",
        "orchestrators-proxy-executor",
        "dependent-stage"})
    void routeFromBoundAgent_cannotBindAdmin_andFromTheOrchestrator_can(String route) {
        assumeFalse(run.outcome("bound-" + route).equals("n/a"), "not on this JDK");
        assertTrue(run.outcome("bound-" + route).startsWith(REFUSED), run::toString);
        assertEquals("ALLOWED", run.outcome("free-" + route), run::toString);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "confined-binds-its-creator          | ALLOWED",
        "confined-binds-a-delegate           | ALLOWED",
        "confined-binds-a-session            | ALLOWED",
        "dependent-stage-runs-as-registrant  | agent:low",
        "timer-after-leaked-binding          | unbound",
        "governor-from-orchestrator          | ALLOWED",
    })
    void whatConfinedWorkMayStillDo(String scenario, String outcome) {
        assertEquals(outcome, run.outcome(scenario), run::toString);
    }

    /** A task handed to an executor of the orchestrator's runs as whoever handed it: what it may, and only that. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"executor", "executor-service", "lambda-executor", "pool-subclass", "proxy-executor"})
    void taskOnOrchestratorsExecutor_runsAsItsSubmitter(String executor) {
        assertEquals("ALLOWED", run.outcome("low-on-" + executor + "-reports"), run::toString);
        assertEquals("DENIED payments:refund for agent:low on order/1: no rule grants it",
                run.outcome("low-on-" + executor + "-refunds"), run::toString);
    }

    /** A task that binds and does not close leaves nothing behind on the worker: the next task runs as its submitter. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"executor", "lambda-executor", "pool-subclass", "proxy-executor"})
    void bindingLeftOpenOnAnExecutorsWorker_doesNotReachTheNextTask(String executor) {
        assertEquals("unbound", run.outcome(executor + "-after-leaked-binding"), run::toString);
    }

    @Test
    void poolSubclassCallingSuper_wrapsTheTaskOnce() {
        assertEquals("Wrapped(task)", run.outcome("pool-subclass-task-arrives-as"), run::toString);
    }

    @Test
    void threadOfAConfinedThread_isConfinedToo() {
        assertTrue(run.outcome("confined-thread-of-confined-thread").startsWith(REFUSED), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"governor-from-bound", "governor-from-confined"})
    void governor_isRegisteredOnlyByTheOrchestrator(String scenario) {
        assertTrue(run.outcome(scenario).startsWith("DENIED charter:governor for agent:low on null: "), run::toString);
    }

    @Test
    void session_namedAsADeclaredIdentity_isRefused() {
        assertEquals("DENIED charter:session for agent:low on agent:low/session:shadow: "
                + "a session may not take the name of an identity the policy declares",
                run.outcome("session-named-as-declared"), run::toString);
    }

    @Test
    void twoThreadsCrossingEveryRouteFromRandomOrigins_neverAWrongDecision() throws Exception {
        Jvm.Result stress = Jvm.fork().withCharter(POLICY).run(Crossings.class, "4000", "1000");
        assertEquals(0, stress.exit(), stress::toString);
        String[] words = stress.out().strip().split("\\s+");
        assertTrue(Long.parseLong(words[1]) >= 1000, stress::toString);
        assertEquals("decisions " + words[1] + " wrong 0", stress.out().strip(), stress::toString);
        System.out.println("CeilingIT stress: " + stress.out().strip());
    }
}
