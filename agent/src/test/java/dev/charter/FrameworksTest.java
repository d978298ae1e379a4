package dev.charter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.enforce.TaskBindings;
import dev.charter.agent.instrument.TestEnforcement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What rewritten frameworks call: binding by the policy's rules, carrying work across threads, never unbinding. */
class FrameworksTest {

    @BeforeAll
    static void install() {
        TestEnforcement.actions(); // the test JVM's enforcer checks bindings
        Frameworks.install(new Frameworks.Rules() {
            @Override
            public String identity(String framework, Object subject, Map<?, ?> entries) {
                return framework.equals("test") && subject != null ? subject.toString() : null;
            }

            @Override
            public boolean offers(String identity, Object tool) {
                return "user:alice".equals(identity);
            }

            @Override
            public String identity(String framework, Object call) {
                if (call instanceof Map<?, ?> entries) {
                    return entries.get("user") == null ? null : "user:" + entries.get("user");
                }
                return identity(framework, call, null);
            }

            @Override
            public Object offered(String framework, Object offered, Object request) {
                return offers(Charter.current().orElse(null), offered) ? offered : java.util.List.of();
            }

            @Override
            public Frameworks.Requests requests(String framework) {
                return switch (framework) {
                    case "test" -> Frameworks.Requests.CARRIED;
                    case "passport" -> Frameworks.Requests.PASSPORT;
                    default -> Frameworks.Requests.AS_TAKEN;
                };
            }

            @Override
            public Object listed(String framework, String identity, Object tool, Object shown) {
                return "user:alice".equals(identity) || "ping".equals(tool) ? shown : "hidden";
            }

            @Override
            public Object refused(String framework, String refusal, Object request) {
                return request == null ? null : "error result: " + refusal;
            }
        }, new TaskBindings());
    }

    /** Runs {@code task} on a fresh, unbound thread: as a model's HTTP client calls back. */
    private static <T> T onAnotherThread(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        try {
            return result.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Test
    void install_twice_isRefused() {
        assertThrows(IllegalStateException.class, () -> Frameworks.install(null, null));
    }

    @Test
    void enter_bindsTheNamedIdentity_andLeaveRestores() {
        Charter.Binding binding = Frameworks.enter("test", "user:alice", null);
        assertEquals(Optional.of("user:alice"), Charter.current());
        Frameworks.leave(binding);
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void enter_namingNothing_leavesTheThreadAsItIs() {
        assertNull(Frameworks.enter("test", null, null));
        assertNull(Frameworks.enter("other", "user:alice", null));
        assertEquals(Optional.empty(), Charter.current());
        Charter.runAs("user:alice", () -> {
            assertNull(Frameworks.enter("test", null, null));
            assertEquals(Optional.of("user:alice"), Charter.current());
        });
    }

    @Test
    void call_bindsWhatTheRulesReadFromTheCall_andFollowsTheBindingRules() {
        Charter.Binding binding = Frameworks.call("test", "user:alice");
        assertEquals(Optional.of("user:alice"), Charter.current());
        Frameworks.leave(binding);
        assertNull(Frameworks.call("test", null));
        assertEquals(Optional.empty(), Charter.current());
        Charter.runAs("agent:bot", () ->
                assertThrows(ScopeViolation.class, () -> Frameworks.call("test", "user:alice")));
    }

    @Test
    void offered_isWhatTheRulesLeave() {
        Object tools = java.util.List.of("refund");
        assertEquals(java.util.List.of(), Frameworks.offered("test", tools, null));
        Charter.runAs("user:alice", () -> assertSame(tools, Frameworks.offered("test", tools, null)));
        assertNull(Frameworks.offered("test", null, null));
    }

    @Test
    void enter_followsTheBindingRules() {
        assertThrows(ScopeViolation.class, () -> Frameworks.enter("test", "user:nobody", null));
        Charter.runAs("agent:bot", () ->
                assertThrows(ScopeViolation.class, () -> Frameworks.enter("test", "user:alice", null)));
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void resume_onAnotherThread_bindsWhatWasCaptured_andSuspendRestores() throws Exception {
        Object work = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(work));
        assertEquals("user:alice", onAnotherThread(() -> {
            Object resumed = Frameworks.resume(work);
            String during = Charter.current().orElseThrow();
            Frameworks.suspend(resumed);
            assertEquals(Optional.empty(), Charter.current());
            return during;
        }));
    }

    @Test
    void resume_ofWorkThatCapturedNothing_neverUnbinds() {
        Object work = new Object();
        Frameworks.capture(work); // on an unbound thread: nothing captured
        Charter.runAs("agent:bot", () -> {
            Object resumed = Frameworks.resume(work);
            assertEquals(Optional.of("agent:bot"), Charter.current());
            Frameworks.suspend(resumed);
            assertEquals(Optional.of("agent:bot"), Charter.current());
        });
    }

    @Test
    void suspend_withWhatAnotherThreadResumed_changesNothing() throws Exception {
        Object work = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(work));
        Object resumedElsewhere = onAnotherThread(() -> Frameworks.resume(work));
        Charter.runAs("agent:bot", () -> {
            Frameworks.suspend(resumedElsewhere);
            assertEquals(Optional.of("agent:bot"), Charter.current());
            Frameworks.suspend("not a resumption");
            assertEquals(Optional.of("agent:bot"), Charter.current());
        });
    }

    @Test
    void offers_asksForTheBoundIdentity_orTheOneTheEntriesName() {
        assertFalse(Frameworks.offers(FrameworksTest.class.getDeclaredMethods()[0]));
        Charter.runAs("user:alice", () -> assertTrue(Frameworks.offers(FrameworksTest.class.getDeclaredMethods()[0])));
        assertFalse(Frameworks.offers("test", Map.of(), new Object()));
        Charter.runAs("user:alice", () -> assertTrue(Frameworks.offers("other", Map.of(), new Object())));
    }

    @Test
    void enterTool_fromWhatTheRequestCarries_bindsIt_andLeaveToolRestores() throws Exception {
        assertEquals("user:alice", onAnotherThread(() -> {
            Object entered = Frameworks.enterTool("test", Map.of("user", "alice"));
            String during = Charter.current().orElseThrow();
            Frameworks.suspend(entered);
            assertEquals(Optional.empty(), Charter.current());
            return during;
        }));
        assertThrows(ScopeViolation.class, () -> Frameworks.enterTool("test", Map.of("user", "nobody")));
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void enterTool_whoseSourceNamesNothing_runsUnbound_evenOnABoundThread() {
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        Charter.runAs("user:alice", () -> {
            Object entered = Frameworks.enterTool("test", Map.of());
            assertEquals(Optional.empty(), Charter.current());
            Frameworks.suspend(entered);
            assertEquals(Optional.of("user:alice"), Charter.current());
        });
    }

    @Test
    void enterTool_fromThePassport_bindsWhatTheRequestThreadHad_andNothingWithoutIt() throws Exception {
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        assertEquals("user:alice", onAnotherThread(() -> {
            Object entered = Frameworks.enterTool("passport", request);
            String during = Charter.current().orElseThrow();
            Frameworks.suspend(entered);
            return during;
        }));
        Object bare = new Object();
        Frameworks.capture(bare);
        Charter.runAs("agent:bot", () -> {
            Object entered = Frameworks.enterTool("passport", bare);
            assertEquals(Optional.empty(), Charter.current());
            Frameworks.suspend(entered);
            assertEquals(Optional.of("agent:bot"), Charter.current());
        });
    }

    @Test
    void enterTool_neverBindsMoreThanTheThreadMay() {
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        Charter.runAs("agent:bot", () -> {
            Object entered = Frameworks.enterTool("passport", request);
            assertEquals(Optional.empty(), Charter.current(), "alice is no delegate of the bot: confined, not alice");
            Frameworks.suspend(entered);
            assertNull(Frameworks.enterTool("other", request), "as taken: left as it is");
            assertEquals(Optional.of("agent:bot"), Charter.current());
        });
    }

    @Test
    void callMcpTool_runsTheHandler_andHandsBackARefusalAsTheToolsErrorResult() {
        ScopeViolation refused = new ScopeViolation("user:bob", "tools:refund", "order/EU-1", "no rule grants it", null);
        java.util.function.BiFunction<Object, Object, Object> refusing = (exchange, request) -> {
            throw refused;
        };
        assertEquals("ran x y", Frameworks.callMcpTool((java.util.function.BiFunction<Object, Object, Object>)
                (exchange, request) -> "ran " + exchange + " " + request, "x", "y"));
        assertEquals("error result: " + refused.getMessage(), Frameworks.callMcpTool(refusing, "x", "y"));
        assertThrows(ScopeViolation.class, () -> Frameworks.callMcpTool(refusing, "x", null),
                "a framework with no error result passes the refusal on");
        assertThrows(IllegalStateException.class, () -> Frameworks.callMcpTool((java.util.function.BiFunction<Object, Object,
                Object>) (exchange, request) -> {
                    throw new IllegalStateException("not a refusal");
                }, "x", "y"));
    }

    @Test
    void listed_asksForTheRequestsIdentity() {
        assertEquals("shown", Frameworks.listed("test", "shown", Map.of("user", "alice"), "refund"));
        assertEquals("hidden", Frameworks.listed("test", "shown", Map.of("user", "bob"), "refund"));
        assertEquals("shown", Frameworks.listed("test", "shown", Map.of(), "ping"));
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        assertEquals("shown", Frameworks.listed("passport", "shown", request, "refund"));
        assertEquals("hidden", Frameworks.listed("passport", "shown", new Object(), "refund"));
        Charter.runAs("user:alice", () -> assertEquals("hidden", Frameworks.listed("passport", "shown", new Object(), "refund"),
                "a passport source never falls back to the thread's binding"));
    }

    @Test
    void enterTool_fromARefusedPassport_runsUnbound_andNamesTheRefusal_onTheToolsThread() throws Exception {
        Object request = new Object();
        Object serving = HttpPassports.enter("not.a.passport");
        String refusal = HttpPassports.refusal();
        Frameworks.capture(request);
        HttpPassports.exit(serving);
        assertTrue(refusal != null && HttpPassports.refusal() == null, refusal);
        assertEquals("unbound " + refusal, onAnotherThread(() -> {
            Object entered = Frameworks.enterTool("passport", request);
            String during = Charter.current().orElse("unbound") + " " + HttpPassports.refusal();
            Frameworks.suspend(entered);
            assertNull(HttpPassports.refusal(), "the tool's thread serves no request after it");
            return during;
        }));
    }
}
