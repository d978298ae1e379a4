package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import dev.charter.agent.policy.Policy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The policy's actions: methods without @ScopedAction, named by signature or by their annotation. */
class ActionTargetsTest {

    private static final String TARGETS = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
            actions:
              - method: "dev.charter.fixture.Legacy#pay(java.lang.String,long)"
                scope: "payments:legacy"
                acts-on: 0
                spends: 1
              - annotated: "dev.charter.fixture.ThirdPartyTool"
                scope: "tools:{class}:{method}"
            """;

    private RewritingLoader loader;

    @BeforeEach
    void newLoader() throws Exception {
        loader = new RewritingLoader(Rewriter.forTest(Policy.parse(TARGETS, "t.yaml").actions(), TestEnforcement.actions()));
    }

    private Object call(String type, String method, Class<?>[] parameters, Object... arguments) throws Exception {
        Class<?> loaded = loader.loadClass(RewritingLoader.FIXTURES + type);
        Method target = loaded.getMethod(method, parameters);
        try {
            return target.invoke(loaded.getConstructor().newInstance(), arguments);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void methodBySignature_isChecked_withItsResource() {
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> call("Legacy", "pay", new Class<?>[] {String.class, long.class}, "acct-1", 5L));
        assertEquals("payments:legacy", refused.getScope());
        assertEquals("acct-1", refused.getResource());
    }

    @Test
    void otherOverloads_areNotTargeted() throws Exception {
        assertEquals("acct-1", call("Legacy", "pay", new Class<?>[] {String.class}, "acct-1"));
    }

    @Test
    void overrideOfATargetedMethod_isChecked() {
        assertThrows(ScopeViolation.class,
                () -> call("LegacySubclass", "pay", new Class<?>[] {String.class, long.class}, "acct-1", 5L));
    }

    @Test
    void annotatedMethod_isChecked_underItsTemplateScope() throws Exception {
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> call("Toolbox", "lookup", new Class<?>[] {String.class}, "weather"));
        assertEquals("tools:Toolbox:lookup", refused.getScope());
        assertEquals("weather", call("Toolbox", "helper", new Class<?>[] {String.class}, "weather"));
    }

    @Test
    void targetedMethod_grantedScope_runs() throws Exception {
        assertEquals("acct-1:5", Charter.callAs("user:alice",
                () -> call("Legacy", "pay", new Class<?>[] {String.class, long.class}, "acct-1", 5L)));
    }
}
