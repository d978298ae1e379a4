package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.it.app.Enforcing;
import dev.charter.it.support.Jvm;
import org.junit.jupiter.api.Test;

/** {@code Charter.enforcing()} and {@code requireEnforcement()} with the agent enforcing, auditing, and absent. */
class EnforcementIT {

    @Test
    void withTheAgentEnforcing_isEnforcing() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY).run(Enforcing.class);
        assertEquals("enforcing true\nrequired", run.out().strip(), run::toString);
    }

    @Test
    void inAuditMode_isNotEnforcing_andRequireEnforcementRefuses() throws Exception {
        Jvm.Result run = Jvm.fork().withCharter("policy=" + Jvm.POLICY + ",mode=audit").run(Enforcing.class);
        assertEquals("enforcing false\nrefused Charter is not enforcing: the agent runs in audit mode"
                + " (mode=audit records refusals and lets every call proceed)", run.out().strip(), run::toString);
    }

    @Test
    void withoutTheAgent_isNotEnforcing_andRequireEnforcementRefuses() throws Exception {
        Jvm.Result run = Jvm.fork().run(Enforcing.class);
        assertEquals("enforcing false\nrefused Charter is not enforcing: the agent is not attached"
                + " (start the JVM with -javaagent:charter-agent.jar=policy=charter.yaml)", run.out().strip(), run::toString);
    }
}
