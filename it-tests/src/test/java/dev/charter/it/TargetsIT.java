package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Targeted;
import dev.charter.it.support.Jvm;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Code that carries no @ScopedAction is enforced through the policy's actions: by annotation, by signature. */
class TargetsIT {

    private static final Path POLICY = Jvm.resource("it/targets.yaml");
    private static Jvm.Result run;

    @BeforeAll
    static void run() throws Exception {
        // the whole test class path: LangChain4j and what it needs
        run = Jvm.fork().withCharter("policy=" + POLICY).classPath(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"))).run(Targeted.class);
        assertEquals(0, run.exit(), run::toString);
    }

    @Test
    void langchain4jTool_runByLangchain4j_isRefusedWithoutAnIdentity_andTheModelSeesWhy() {
        assertTrue(run.outcome("tool-unbound").contains("unbound thread may not tools:forecast: no identity bound on thread 'main'"),
                run::toString);
    }

    @Test
    void langchain4jTool_underAnIdentityHoldingItsScope_runs() {
        assertEquals("sunny in Paris", run.outcome("tool-alice"), run::toString);
    }

    @Test
    void methodNamedBySignature_isEnforcedWithItsResource() {
        assertEquals("ALLOWED", run.outcome("ledger-bot-A"), run::toString);
        assertEquals("DENIED agent:bot may not ledger:credit on \"acct/B-1\": resource not granted (" + POLICY + ":9); allowed: acct/A-*",
                run.outcome("ledger-bot-B"), run::toString);
    }

    @Test
    void methodInAnotherJar_isEnforced() {
        assertEquals("DENIED unbound thread may not json:read: no identity bound on thread 'main'"
                + " (bind one with Charter.runAs, or hand work over with Charter.wrap)", run.outcome("jar-unbound"), run::toString);
        assertEquals("ALLOWED", run.outcome("jar-alice"), run::toString);
    }

    @Test
    void entryMatchingNothing_isReportedAtStart_notAnError() {
        assertTrue(run.err().contains("actions entry " + POLICY + ":18 (com.acme.absent.Nowhere#run()) matches nothing"),
                run::toString);
    }
}
