package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.it.app.Scenarios;
import dev.charter.it.support.Jvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every scenario in one JVM started with the agent and the test policy. */
class EnforcementIT {

    private static Jvm.Result run;

    @BeforeAll
    static void runScenarios() throws Exception {
        run = Jvm.fork().withCharter("policy=" + Jvm.POLICY).run(Scenarios.class);
        assertEquals(0, run.exit(), run::toString);
    }

    @ParameterizedTest(name = "{0} is allowed")
    @CsvSource({
        "alice-refund", "alice-alternative", "alice-prefix", "bot-eu", "pricing-deep", "chain3-eu",
        "reflection-bound",
    })
    void allowed(String scenario) {
        assertEquals("ALLOWED", run.outcome(scenario), run::toString);
    }

    /** In {@code message}, {@code @} stands for the policy file's path and a colon. */
    @ParameterizedTest(name = "{0} is denied: {1}")
    @CsvSource(delimiter = '|', value = {
        "alice-delete-not-granted | user:alice may not orders:delete on o-1: no rule grants it",
        "bot-us                   | agent:refund-bot may not payments:refund on order/US-1: resource not granted (@11)",
        "bot-eu-nested            | agent:refund-bot may not payments:refund on order/EU-1/x: resource not granted (@11)",
        "pricing-other            | agent:pricing-bot may not catalog:price:write on item/1: resource not granted (@24)",
        "wide-beyond-principal    | agent:wide-bot may not orders:delete on o-1: exceeds the authority of principal user:alice (@14)",
        "chain3-us                | agent:sub-bot may not payments:refund on order/US-2: exceeds the authority of principal agent:refund-bot (@18)",
        "undeclared               | unbound thread may not charter:bind on agent:ghost: identity is not declared in the policy",
    })
    void denied(String scenario, String message) {
        assertEquals("DENIED " + message.replace("@", Jvm.POLICY + ":"), run.outcome(scenario), run::toString);
    }

    @Test
    void unboundThread_isDenied_andTheMessageSaysHowToBind() {
        assertEquals("DENIED unbound thread may not payments:refund on order/EU-1: no identity bound on thread 'main'"
                + " (bind one with Charter.runAs, or hand work over with Charter.wrap)", run.outcome("unbound-refund"));
    }

    @ParameterizedTest(name = "bypass by {0} is checked")
    @CsvSource({
        "reflection", "method-handle", "lambda", "method-reference", "self-invocation", "interface-implementation",
        "superclass-override", "static", "default-method", "anonymous-subclass", "anonymous-implementation", "proxy",
    })
    void everyWayOfCalling_isChecked(String scenario) {
        assertEquals("DENIED unbound thread may not ", run.outcome(scenario).substring(0, 30), run::toString);
    }
}
