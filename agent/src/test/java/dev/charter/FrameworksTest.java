package dev.charter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
            public Frameworks.Requests requests(String framework) {
                return switch (framework) {
                    case "test" -> Frameworks.Requests.CARRIED;
                    case "passport" -> Frameworks.Requests.PASSPORT;
                    default -> Frameworks.Requests.AS_TAKEN;
                };
            }

            @Override
            public String identity(String framework, Object context) {
                return context instanceof Map<?, ?> entries && entries.get("user") != null ? "user:" + entries.get("user") : null;
            }

            @Override
            public boolean offers(String framework, String identity, String tool) {
                return "user:alice".equals(identity) || tool.equals("ping");
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
            Object entered = Frameworks.enterTool("test", new Object(), Map.of("user", "alice"));
            String during = Charter.current().orElseThrow();
            assertNull(Frameworks.leaveTool(entered, null));
            assertEquals(Optional.empty(), Charter.current());
            return during;
        }));
        assertThrows(ScopeViolation.class, () -> Frameworks.enterTool("test", new Object(), Map.of("user", "nobody")));
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void enterTool_whoseSourceNamesNothing_runsUnbound_evenOnABoundThread() {
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        Charter.runAs("user:alice", () -> {
            Object entered = Frameworks.enterTool("test", request, Map.of());
            assertEquals(Optional.empty(), Charter.current());
            Frameworks.leaveTool(entered, null);
            assertEquals(Optional.of("user:alice"), Charter.current());
        });
    }

    @Test
    void enterTool_fromThePassport_bindsWhatTheRequestThreadHad_andNothingWithoutIt() throws Exception {
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        assertEquals("user:alice", onAnotherThread(() -> {
            Object entered = Frameworks.enterTool("passport", request, Map.of("user", "bob"));
            String during = Charter.current().orElseThrow();
            Frameworks.leaveTool(entered, null);
            return during;
        }));
        Object bare = new Object();
        Frameworks.capture(bare);
        Charter.runAs("agent:bot", () -> {
            Object entered = Frameworks.enterTool("passport", bare, null);
            assertEquals(Optional.empty(), Charter.current());
            Frameworks.leaveTool(entered, null);
            assertEquals(Optional.of("agent:bot"), Charter.current());
        });
    }

    @Test
    void enterTool_neverBindsMoreThanTheThreadMay() {
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        Charter.runAs("agent:bot", () -> {
            Object entered = Frameworks.enterTool("passport", request, null);
            assertEquals(Optional.empty(), Charter.current(), "alice is no delegate of the bot: confined, not alice");
            Frameworks.leaveTool(entered, null);
            assertNull(Frameworks.enterTool("other", request, null), "as taken: left as it is");
            assertEquals(Optional.of("agent:bot"), Charter.current());
        });
    }

    @Test
    void leaveTool_handsBackTheRefusalLine_only() {
        ScopeViolation refused = new ScopeViolation("user:bob", "tools:refund", "order/EU-1", "no rule grants it", null);
        assertEquals(refused.getMessage(), Frameworks.leaveTool(null, refused));
        assertNull(Frameworks.leaveTool(null, new IllegalStateException("not a refusal")));
    }

    @Test
    void offersTool_asksForTheRequestsIdentity() {
        assertTrue(Frameworks.offersTool("test", null, Map.of("user", "alice"), "refund"));
        assertFalse(Frameworks.offersTool("test", null, Map.of("user", "bob"), "refund"));
        assertTrue(Frameworks.offersTool("test", null, Map.of(), "ping"));
        Object request = new Object();
        Charter.runAs("user:alice", () -> Frameworks.capture(request));
        assertTrue(Frameworks.offersTool("passport", request, null, "refund"));
        assertFalse(Frameworks.offersTool("passport", new Object(), null, "refund"));
        Charter.runAs("user:alice", () -> assertFalse(Frameworks.offersTool("passport", new Object(), null, "refund"),
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
            Object entered = Frameworks.enterTool("passport", request, null);
            String during = Charter.current().orElse("unbound") + " " + HttpPassports.refusal();
            Frameworks.leaveTool(entered, null);
            assertNull(HttpPassports.refusal(), "the tool's thread serves no request after it");
            return during;
        }));
    }
}
