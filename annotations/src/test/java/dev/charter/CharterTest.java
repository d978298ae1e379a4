package dev.charter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The identity API without the agent: binding works, nothing is checked. */
class CharterTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void current_unboundThread_isEmpty() {
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void bind_nested_restoresEachOnClose() {
        try (Charter.Binding outer = Charter.bind("user:alice")) {
            try (Charter.Binding inner = Charter.bind("agent:bot")) {
                assertEquals(Optional.of("agent:bot"), Charter.current());
                assertEquals("agent:bot", inner.identity());
            }
            assertEquals(Optional.of("user:alice"), Charter.current());
        }
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void close_twice_doesNothingMore() {
        Charter.Binding outer = Charter.bind("user:alice");
        Charter.Binding inner = Charter.bind("agent:bot");
        inner.close();
        inner.close();
        assertEquals(Optional.of("user:alice"), Charter.current());
        outer.close();
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void close_outOfOrder_isAnErrorThatNamesBoth_andChangesNothing() {
        Charter.Binding outer = Charter.bind("user:alice");
        Charter.Binding inner = Charter.bind("agent:bot");
        IllegalStateException error = assertThrows(IllegalStateException.class, outer::close);
        assertEquals("binding of 'user:alice' closed out of order: 'agent:bot' was bound after it and is still open",
                error.getMessage());
        assertEquals(Optional.of("agent:bot"), Charter.current());
        inner.close();
        outer.close();
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void runAs_restoresWhenTheTaskThrows() {
        assertThrows(IllegalArgumentException.class, () -> Charter.runAs("user:alice", () -> {
            throw new IllegalArgumentException("boom");
        }));
        assertEquals(Optional.empty(), Charter.current());
    }

    @Test
    void callAs_returnsTheResultUnderTheIdentity() throws Exception {
        assertEquals(Optional.of("user:alice"), Charter.callAs("user:alice", Charter::current));
    }

    @Test
    void bind_blankOrNull_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Charter.bind(" "));
        assertThrows(NullPointerException.class, () -> Charter.bind(null));
    }

    @Test
    void wrap_carriesTheSubmittersIdentity_andLeavesTheWorkerAsItWas() throws Exception {
        Runnable task = Charter.callAs("agent:bot", () -> Charter.wrap(() -> assertEquals(Optional.of("agent:bot"), Charter.current())));
        pool.submit(task).get();
        assertEquals(Optional.empty(), pool.submit(Charter::current).get());
    }

    @Test
    void wrap_onUnboundThread_runsUnboundEvenOnABoundWorker() throws Exception {
        pool.submit(() -> Charter.bind("user:stale")).get();
        assertEquals(Optional.empty(), pool.submit(Charter.wrap(Charter::current)).get());
        assertEquals(Optional.of("user:stale"), pool.submit(Charter::current).get(), "the worker's own binding is restored");
    }

    @Test
    void scopeViolation_messageIsOnePlainLine() {
        ScopeViolation refused = new ScopeViolation("agent:bot", "payments:refund", "order/US-9", "resource not granted",
                "charter.yaml:14");
        assertEquals("agent:bot may not payments:refund on \"order/US-9\": resource not granted (charter.yaml:14)",
                refused.getMessage());
        assertEquals("", refused.getAllowed());
        assertTrue(refused instanceof SecurityException);
        assertEquals("unbound thread may not payments:report: no rule grants it",
                new ScopeViolation(null, "payments:report", null, "no rule grants it", null).getMessage());
    }

    @Test
    void enforcing_withoutAgent_isFalse_andRequireEnforcementRefusesToStart() {
        assertFalse(Charter.enforcing());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, Charter::requireEnforcement);
        assertTrue(thrown.getMessage().contains("the agent is not attached"), thrown.getMessage());
    }

    @Test
    void session_withoutAgent_derivesTheNameFromTheBoundIdentity() throws Exception {
        assertEquals("agent:bot/session:refund-42", Charter.callAs("agent:bot",
                () -> Charter.session("refund-42", java.time.Duration.ofMinutes(5), "payments:refund")));
    }

    @Test
    void session_onUnboundThread_isRefused() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Charter.session("x", java.time.Duration.ofMinutes(1), "payments:refund"));
        assertTrue(error.getMessage().contains("has none"), error.getMessage());
    }

    @Test
    void session_badArguments_areRefused() {
        Charter.runAs("agent:bot", () -> {
            assertThrows(IllegalArgumentException.class, () -> Charter.session("a b", java.time.Duration.ofMinutes(1), "s"));
            assertThrows(IllegalArgumentException.class, () -> Charter.session("a/b", java.time.Duration.ofMinutes(1), "s"));
            assertThrows(IllegalArgumentException.class, () -> Charter.session("a", java.time.Duration.ZERO, "s"));
            assertThrows(IllegalArgumentException.class, () -> Charter.session("a", java.time.Duration.ofMinutes(1)));
        });
    }

    @Test
    void passports_withoutTheAgent_areNeitherSignedNorTrusted() {
        Charter.runAs("user:alice", () -> {
            IllegalStateException mint = assertThrows(IllegalStateException.class,
                    () -> Charter.passport("svc:tools", java.time.Duration.ofMinutes(1)));
            assertTrue(mint.getMessage().contains("needs the Charter agent"), mint.getMessage());
        });
        assertThrows(IllegalStateException.class, () -> Charter.bindPassport("a.b.c"));
        assertEquals(Optional.empty(), Charter.current(), "nothing was bound");
        assertThrows(IllegalArgumentException.class, () -> Charter.passport(" ", java.time.Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> Charter.passport("svc:tools", java.time.Duration.ZERO));
    }

    @Test
    void governor_fromBoundThread_isRefused_andTheRegisteredOneStays() {
        Governor orchestrators = deferral -> Governor.Verdict.refuse("no");
        Charter.governor(orchestrators);
        try {
            ScopeViolation refused = assertThrows(ScopeViolation.class,
                    () -> Charter.runAs("agent:bot", () -> Charter.governor(deferral -> Governor.Verdict.approve("me"))));
            assertEquals("charter:governor", refused.getScope());
            assertEquals("agent:bot", refused.getIdentity());
            assertTrue(Charter.governor == orchestrators);
        } finally {
            Charter.governor(null);
        }
    }

    @Test
    void confinedThread_isUnbound_andBindsOnlyWhatItsCeilingMay() {
        List<String> asked = new ArrayList<>();
        Charter.guard = new Charter.Guard() {
            @Override
            public void mayBind(String current, String next) {
                asked.add(current + " -> " + next);
            }

            @Override
            public void session(String parent, String session, java.time.Duration ttl, List<String> scopes) {
            }

            @Override
            public boolean enforcing() {
                return true;
            }
        };
        Charter.BOUND.set(Charter.confinedBy(new Charter.Binding("agent:low", null, null)));
        try {
            assertEquals(Optional.empty(), Charter.current());
            assertThrows(IllegalStateException.class, () -> Charter.session("x", java.time.Duration.ofMinutes(1), "s"));
            assertThrows(ScopeViolation.class, () -> Charter.governor(null));
            Charter.runAs("agent:low-helper", () -> assertEquals(Optional.of("agent:low-helper"), Charter.current()));
            assertEquals(List.of("agent:low -> agent:low-helper"), asked, "the guard is asked with the ceiling");
            assertEquals(Optional.empty(), Charter.current(), "closing restores the confinement");
            assertEquals("Confinement[agent:low]", Charter.BOUND.get().toString());
        } finally {
            Charter.BOUND.set(null);
            Charter.guard = null;
        }
    }

    @Test
    void close_onAnotherThread_isAnError() throws Exception {
        Charter.Binding bound = Charter.bind("user:alice");
        try {
            Throwable error = pool.submit(() -> {
                Charter.BOUND.set(bound); // as a task that captured it would run
                try {
                    bound.close();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                } finally {
                    Charter.BOUND.set(null);
                }
            }).get();
            assertTrue(error != null && error.getMessage().contains("only the thread that bound it may close it"),
                    String.valueOf(error));
        } finally {
            bound.close();
        }
        assertEquals(Optional.empty(), Charter.current());
    }
}
