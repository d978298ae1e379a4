package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rewrites fixture classes in-process with the agent's own transformer and calls them. */
class RewriterTest {

    private RewritingLoader loader;

    @BeforeEach
    void newLoader() {
        loader = new RewritingLoader(new SkipRewritten(
                (ResettableClassFileTransformer) Rewriter.agentBuilder(TestEnforcement.actions(), List.of(), false).makeRaw(),
                new ScopedTypes(new Targets(List.of()))));
    }

    @Test
    void check_grantedScope_runsBody() throws Exception {
        Object result = Charter.callAs("user:alice", () -> call("Refunds", "refund", "order/US-1", 250L));
        assertEquals("order/US-1:250", result);
        assertEquals(1, bodies());
    }

    @Test
    void check_scopeNotGranted_isDeniedBeforeBody() {
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> Charter.callAs("user:alice", () -> call("Refunds", "delete")));
        assertEquals("user:alice", refused.getIdentity());
        assertEquals("orders:delete", refused.getScope());
        assertEquals("no rule grants it", refused.getReason());
        assertEquals(0, bodies());
    }

    @Test
    void check_unboundThread_isDenied() {
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> call("Refunds", "report"));
        assertNull(refused.getIdentity());
        assertTrue(refused.getMessage().contains("no identity bound on thread '" + Thread.currentThread().getName()),
                refused.getMessage());
        assertEquals(0, bodies());
    }

    @Test
    void check_resourceOutsideDelegatesGlob_isDeniedWithRule() {
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> Charter.callAs("agent:bot", () -> call("Refunds", "refund", "order/US-9", 10L)));
        assertEquals("order/US-9", refused.getResource());
        assertEquals("resource not granted", refused.getReason());
        assertEquals("test.yaml:10", refused.getRule());
        assertEquals("agent:bot may not payments:refund on \"order/US-9\": resource not granted (test.yaml:10); allowed: order/EU-*",
                refused.getMessage());
    }

    @Test
    void check_resourceInsideDelegatesGlob_runsBody() throws Exception {
        Charter.callAs("agent:bot", () -> call("Refunds", "refund", "order/EU-7", 10L));
        assertEquals(1, bodies());
    }

    @Test
    void check_privateAndStaticMethods_areChecked() {
        assertThrows(ScopeViolation.class, () -> call("Refunds", "callAudit"));
        assertThrows(ScopeViolation.class, () -> call("Refunds", "report"));
        assertEquals(0, bodies());
    }

    @Test
    void check_unannotatedMethod_isNotChecked() throws Exception {
        call("Refunds", "unscoped");
        assertEquals(1, bodies());
    }

    @Test
    void check_overrideWithoutAnnotation_isChecked() {
        ScopeViolation refused = assertThrows(ScopeViolation.class,
                () -> Charter.callAs("user:alice", () -> call("Shop", "close")));
        assertEquals("orders:delete", refused.getScope());
        assertEquals(0, bodies());
    }

    @Test
    void check_genericImplementation_isCheckedOnItsOwnMethodNotTwiceThroughTheBridge() throws Exception {
        assertThrows(ScopeViolation.class, () -> call("OrderTool", "use", "order/1"));
        int before = TestEnforcement.RECORDS.size();
        Object tool = newInstance("OrderTool");
        Method viaInterface = loader.loadClass(RewritingLoader.FIXTURES + "Tool").getMethod("use", Object.class);
        assertThrows(ScopeViolation.class, () -> unwrap(viaInterface, tool, "order/1"));
        assertEquals(before + 1, TestEnforcement.RECORDS.size(), "one check, not one per bridge");
        assertEquals(0, bodies());
    }

    @Test
    void check_defaultInterfaceMethod_isChecked() throws Exception {
        Object tool = newInstance("OrderTool");
        Method fallback = loader.loadClass(RewritingLoader.FIXTURES + "Tool").getMethod("fallback");
        assertThrows(ScopeViolation.class, () -> unwrap(fallback, tool));
        Charter.callAs("user:alice", () -> unwrap(fallback, tool));
        assertEquals(1, bodies());
    }

    @Test
    void rewrite_alreadyRewrittenClass_isLeftAlone() throws Exception {
        newInstance("Refunds");
        byte[] once = loader.rewritten.get(RewritingLoader.FIXTURES + "Refunds");
        assertTrue(SkipRewritten.callsGate(once));
        assertNull(loader.transform(RewritingLoader.FIXTURES + "Refunds", once));
    }

    @Test
    void rewrite_classWithoutScopedMethods_isLeftAlone() throws Exception {
        newInstance("Shop");
        assertFalse(loader.rewritten.containsKey(RewritingLoader.FIXTURES + "Counter"));
        assertNull(loader.transform(RewritingLoader.FIXTURES + "Counter",
                RewritingLoader.classFile(RewritingLoader.FIXTURES + "Counter")));
    }

    private Object newInstance(String simpleName) throws Exception {
        return loader.loadClass(RewritingLoader.FIXTURES + simpleName).getConstructor().newInstance();
    }

    private Object call(String simpleName, String method, Object... arguments) throws Exception {
        Class<?> type = loader.loadClass(RewritingLoader.FIXTURES + simpleName);
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length
                    && !candidate.isBridge()) {
                candidate.setAccessible(true);
                Object target = java.lang.reflect.Modifier.isStatic(candidate.getModifiers()) ? null : newInstance(simpleName);
                return unwrap(candidate, target, arguments);
            }
        }
        throw new AssertionError("no method " + method + " in " + simpleName);
    }

    private static Object unwrap(Method method, Object target, Object... arguments) throws Exception {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private int bodies() {
        try {
            return loader.loadClass(RewritingLoader.FIXTURES + "Counter").getField("bodies").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
