package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Hardening;
import dev.charter.it.support.Jvm;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No public method of a class Charter puts in the JVM lets agent code bind beyond its ceiling. */
class HardeningIT {

    private static Jvm.Result run;

    @BeforeAll
    static void callEveryPublicMethod() throws Exception {
        run = Jvm.fork().withCharter("policy=" + Jvm.resource("it/ceiling.yaml")).run(Hardening.class,
                Jvm.AGENT.toString());
        assertEquals(0, run.exit(), run::toString);
    }

    @Test
    void noPublicMethod_letsABoundOrConfinedThreadEscalate() {
        List<String> escalated = Arrays.stream(run.out().split("\n")).filter(line -> line.startsWith("escalated ")).toList();
        assertEquals(List.of(), escalated, run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev.charter.Carry#enter(java.lang.Object,java.lang.invoke.MethodHandles$Lookup)", "dev.charter.Carry#exit(java.lang.Object)",
        "dev.charter.Carry#install(dev.charter.Carry$Store)", "dev.charter.Carry#runTimerTask(java.util.TimerTask)",
        "dev.charter.Carry#wrapAll(java.util.Collection)",
        "dev.charter.Charter#bind(java.lang.String)", "dev.charter.Charter#governor(dev.charter.Governor)",
        "dev.charter.Charter$Binding#close()", "dev.charter.Gate#install(dev.charter.Gate$Enforcer)",
        "dev.charter.Gate#inForce(dev.charter.Gate$Enforcer,int)", "dev.charter.Frameworks#resume(java.lang.Object)",
        "dev.charter.Frameworks#enter(java.lang.String,java.lang.Object,java.util.Map)",
        "dev.charter.Frameworks#suspend(java.lang.Object)",
        "dev.charter.Frameworks#enterTool(java.lang.String,java.lang.Object)",
        "dev.charter.Frameworks#callMcpTool(java.lang.Object,java.lang.Object,java.lang.Object)",
        "dev.charter.Frameworks#listed(java.lang.String,java.lang.Object,java.lang.Object,java.lang.Object)"})
    void everyPublicMethod_isCalled(String signature) {
        assertTrue(Long.parseLong(run.outcome("method " + signature)) > 0, run::toString);
    }

    @Test
    void theOrchestratorsGovernor_isNeverReplaced() {
        assertEquals("true", run.outcome("governor-kept"), run::toString);
    }
}
