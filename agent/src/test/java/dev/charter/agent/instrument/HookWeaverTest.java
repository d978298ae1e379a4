package dev.charter.agent.instrument;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.RETURNED;
import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.fixture.hooks.Calls;
import dev.charter.fixture.hooks.Hooked;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hooks woven into a fixture, defined (and so verified) in a throwaway loader and run. */
class HookWeaverTest {

    private static final String HOOKED = "dev/charter/fixture/hooks/Hooked";
    private static final String CALLS = "dev/charter/fixture/hooks/Calls";
    private static final Hook.Call ENTER = call(CALLS, "enter", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;",
            THIS, argument(0));
    private static final Hook.Call EXIT = call(CALLS, "exit", "(Ljava/lang/Object;)V", ENTERED);

    @BeforeEach
    void forget() {
        Calls.SEEN.clear();
    }

    /** A fresh {@link Hooked} woven with {@code hooks}, and the result of calling {@code method} on it. */
    private static Object run(List<Hook> hooks, String method, Object... arguments) throws Throwable {
        byte[] woven = HookWeaver.weave(RewritingLoader.classFile(Hooked.class.getName()), hooks);
        assertNotNull(woven, "some hook matched");
        Class<?> type = new ClassLoader(HookWeaverTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(Hooked.class.getName(), woven, 0, woven.length);
            }
        }.define();
        Object hooked = type.getConstructor().newInstance();
        for (Method candidate : type.getMethods()) {
            if (candidate.getName().equals(method)) {
                try {
                    return candidate.invoke(hooked, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    @Test
    void weave_saysWhichHooksMatchedAMethod() throws Exception {
        List<Hook> hooks = List.of(Hook.in(HOOKED, "greet", null).atEntry(ENTER), Hook.in(HOOKED, "vanished", null).atEntry(ENTER));
        boolean[] matched = new boolean[2];
        assertNotNull(HookWeaver.weave(RewritingLoader.classFile(Hooked.class.getName()), hooks, matched));
        assertEquals(List.of(true, false), List.of(matched[0], matched[1]));
    }

    @Test
    void entry_replacesAnArgument() throws Throwable {
        Hook upper = Hook.in(HOOKED, "greet", "(Ljava/lang/String;)")
                .atEntry(call(CALLS, "upper", "(Ljava/lang/String;)Ljava/lang/String;", argument(0)).replacing(0));
        assertEquals("hello BOB", run(List.of(upper), "greet", "bob"));
    }

    @Test
    void entryAlone_isCalled_andWhatItReturnsIsDropped() throws Throwable {
        assertEquals("hello bob", run(List.of(Hook.in(HOOKED, "greet", null).atEntry(ENTER)), "greet", "bob"));
        assertEquals(List.of("enter Hooked bob"), Calls.SEEN);
    }

    @Test
    void exit_replacesTheReturnValue() throws Throwable {
        Hook marked = Hook.in(HOOKED, "greet", null)
                .atExit(call(CALLS, "marked", "(Ljava/lang/Object;)Ljava/lang/Object;", RETURNED).replacingReturn());
        assertEquals("hello bob!", run(List.of(marked), "greet", "bob"));
    }

    @Test
    void exit_seesTheReturnValue_andLeavesIt() throws Throwable {
        Hook counted = Hook.in(HOOKED, "greet", null)
                .atExit(call(CALLS, "counted", "(Ljava/lang/Object;)Ljava/lang/Object;", RETURNED));
        assertEquals("hello bob", run(List.of(counted), "greet", "bob"));
        assertEquals(List.of("returns hello bob"), Calls.SEEN);
    }

    @Test
    void everyExit_runsOnANormalReturnOnce_andOnAThrow() throws Throwable {
        List<Hook> hooks = List.of(Hook.in(HOOKED, "greet", null).atEntry(ENTER).atEveryExit(EXIT),
                Hook.in(HOOKED, "fail", null).atEntry(ENTER).atEveryExit(EXIT));
        run(hooks, "greet", "bob");
        assertEquals(List.of("enter Hooked bob", "exit token-bob"), Calls.SEEN);
        Calls.SEEN.clear();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> run(hooks, "fail", "why"));
        assertEquals("why", thrown.getMessage());
        assertEquals(List.of("enter Hooked why", "exit token-why"), Calls.SEEN);
    }

    @Test
    void everyExit_keepsItsLocalThroughBranchesLoopsAndHandlers() throws Throwable {
        List<Hook> hooks = List.of(Hook.in(HOOKED, "busy", null).atEntry(ENTER).atEveryExit(EXIT));
        assertEquals(List.of("bob", "many"), run(hooks, "busy", "bob", 5L));
        assertEquals(List.of("caught empty"), run(hooks, "busy", "", 1L));
        assertEquals(List.of("enter Hooked bob", "exit token-bob", "enter Hooked ", "exit token-"), Calls.SEEN);
    }

    @Test
    void twoHooksOnOneMethod_nest_theFirstListedOutermost() throws Throwable {
        Hook outer = Hook.in(HOOKED, "busy", null)
                .atEntry(call(CALLS, "outer", "(Ljava/lang/Object;)Ljava/lang/Object;", THIS)).atEveryExit(EXIT);
        Hook inner = Hook.in(HOOKED, "busy", null)
                .atEntry(call(CALLS, "inner", "(Ljava/lang/Object;)Ljava/lang/Object;", THIS)).atEveryExit(EXIT);
        run(List.of(outer, inner), "busy", "bob", 2L);
        assertEquals(List.of("outer in", "inner in", "exit inner", "exit outer"), Calls.SEEN);
    }

    @Test
    void constructorExit_seesTheObjectMade() throws Throwable {
        run(List.of(Hook.in(HOOKED, "<init>", null).atExit(call(CALLS, "made", "(Ljava/lang/Object;)V", THIS))),
                "greet", "bob");
        assertEquals(List.of("made Hooked"), Calls.SEEN);
    }

    @Test
    void staticMethod_takesHooksWithoutThis_andIsPassedOverByThoseWithIt() throws Throwable {
        Hook withoutThis = Hook.in(HOOKED, "twice", null)
                .atEntry(call(CALLS, "enterStatic", "(Ljava/lang/String;)Ljava/lang/Object;", argument(0))).atEveryExit(EXIT);
        assertEquals("abab", run(List.of(withoutThis), "twice", "ab"));
        assertEquals(List.of("enter static ab", "exit static-ab"), Calls.SEEN);
        assertNull(HookWeaver.weave(RewritingLoader.classFile(Hooked.class.getName()),
                List.of(Hook.in(HOOKED, "twice", null).atEntry(ENTER))));
    }

    @Test
    void replacingCalls_callsTheRuntimeInstead() throws Throwable {
        Hook instead = Hook.in(HOOKED, "runs", null).replacingCalls("java/lang/Runnable", "run", "()V",
                call(CALLS, "ran", "(Ljava/lang/Runnable;)V"));
        run(List.of(instead), "runs", (Runnable) () -> Calls.SEEN.add("ran itself"));
        assertEquals(List.of("ran instead"), Calls.SEEN);
    }

    @Test
    void hooksMatchingNoMethod_leaveTheClassAsItIs() {
        assertNull(HookWeaver.weave(RewritingLoader.classFile(Hooked.class.getName()),
                List.of(Hook.in(HOOKED, "absent", null).atEntry(ENTER))));
    }

    @Test
    void hooksOfNestedClasses_areFoundByTheirOuterName() {
        Hook nested = Hook.in("java/util/concurrent/CompletableFuture$*", "tryFire", "(I)").atEntry(ENTER);
        Hook exact = Hook.in("java/util/concurrent/CompletableFuture$Completion", "run", "()V").atEntry(ENTER);
        Hooks hooks = new Hooks(List.of(nested, exact));
        assertEquals(List.of(exact, nested), hooks.of("java/util/concurrent/CompletableFuture$Completion"));
        assertEquals(List.of(nested), hooks.of("java/util/concurrent/CompletableFuture$UniApply"));
        assertEquals(List.of(), hooks.of("java/util/concurrent/CompletableFuture"));
        assertEquals(List.of(), hooks.of("java/util/concurrent/CompletableFutureX$A"));
    }

    @Test
    void aCallGivenTheWrongNumberOfValues_isRefusedWhenTheHookIsMade() {
        assertThrows(IllegalArgumentException.class, () -> Hook.in(HOOKED, "greet", null)
                .atEntry(call(CALLS, "upper", "(Ljava/lang/String;)Ljava/lang/String;")));
    }
}
