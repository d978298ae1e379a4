package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rewriting that fails, forced by declarations the matcher would never produce: the method then
 * refuses every call; and when not even that can be written, the class cannot load.
 */
class RewriteFailureTest {

    private static final String REFUNDS = RewritingLoader.FIXTURES + "Refunds";
    private final Rewriter rewriter = Rewriter.forTest(List.of(), TestEnforcement.actions());

    /** Defines {@code classFile} as {@code Refunds} in a loader of its own. */
    private static Class<?> define(byte[] classFile) {
        return new ClassLoader(RewriteFailureTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(REFUNDS, classFile, 0, classFile.length);
            }
        }.define();
    }

    @Test
    void failureWhileWritingTheCheck_makesTheMethodRefuseEveryCall() throws Exception {
        // an argument index beyond the parameters makes writing the check fail
        ScopedMethod broken = new ScopedMethod("delete", "()V", "orders:delete", 5, -1, "@ScopedAction on Refunds#delete",
                null, false);
        byte[] rewritten = rewriter.rewrite(RewritingLoader.classFile(REFUNDS),
                new ScopedMatcher.ClassMatch(REFUNDS.replace('.', '/'), List.of(broken), false, Set.of(), List.of(), false), "Refunds");
        Class<?> refunds = define(rewritten);
        Object instance = refunds.getConstructor().newInstance();
        ScopeViolation refused = assertThrows(ScopeViolation.class, () -> Charter.callAs("user:alice", () -> {
            try {
                return refunds.getMethod("delete").invoke(instance);
            } catch (InvocationTargetException e) {
                throw (Exception) e.getCause();
            }
        }));
        assertTrue(refused.getReason().startsWith("cannot be enforced as declared: rewriting failed: "), refused.getReason());
        assertTrue(refused.getReason().endsWith("(@ScopedAction on Refunds#delete)"), refused.getReason());
    }

    @Test
    void failureEvenToWriteTheRefusal_makesTheClassUnloadable_namingTheCause() {
        // an added override with a descriptor that is no descriptor cannot be written at all
        ScopedMethod broken = new ScopedMethod("close", "not a descriptor", "orders:delete", -1, -1, "test.yaml:3",
                null, true);
        byte[] rewritten = rewriter.rewrite(RewritingLoader.classFile(REFUNDS),
                new ScopedMatcher.ClassMatch(REFUNDS.replace('.', '/'), List.of(broken), false, Set.of(), List.of(), false), "Refunds");
        NoClassDefFoundError refused = assertThrows(NoClassDefFoundError.class, () -> define(rewritten));
        assertTrue(readable(refused).startsWith("charter cannot enforce Refunds: cannot rewrite its scoped methods: "),
                refused.getMessage());
    }

    @Test
    void classWhoseSupertypeCannotBeRead_cannotLoad() {
        byte[] rewritten = rewriter.transform(null, new ClassLoader(null) {
        }, "dev/charter/fixture/Shop", null, null, RewritingLoader.classFile(RewritingLoader.FIXTURES + "Shop"));
        NoClassDefFoundError refused = assertThrows(NoClassDefFoundError.class, () -> new ClassLoader(null) {
            Class<?> define() {
                return defineClass("dev.charter.fixture.Shop", rewritten, 0, rewritten.length);
            }
        }.define());
        assertEquals("charter cannot enforce dev.charter.fixture.Shop: no class file for dev.charter.fixture.BaseShop,"
                + " a supertype of dev.charter.fixture.Shop, so its scoped methods cannot be known", readable(refused));
    }

    @Test
    void classOfANamedModuleThatCannotBeMadeToReadTheGate_cannotLoad() {
        Module isolated = FakeJvm.isolatedModule();
        assertFalse(isolated.canRead(dev.charter.Gate.class.getModule()));
        Rewriter refused = Rewriter.of(FakeJvm.refusingModules(), TestEnforcement.actions(), List.of(), List.of());
        byte[] rewritten = refused.transform(isolated, getClass().getClassLoader(), REFUNDS.replace('.', '/'), null, null,
                RewritingLoader.classFile(REFUNDS));
        NoClassDefFoundError error = assertThrows(NoClassDefFoundError.class, () -> define(rewritten));
        assertTrue(readable(error).startsWith("charter cannot enforce Charter cannot let module " + isolated.getName()
                + " read its runtime classes, which its checks and hooks call: "), readable(error));
    }

    private static final String HOOKED = "dev/charter/fixture/hooks/Hooked";
    private static final Hook.Call ENTER = Hook.call("dev/charter/fixture/hooks/Calls", "enter",
            "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", Hook.THIS, Hook.argument(0));

    /** A rewriter weaving {@code hook}, given {@code instrumentation} (or none). */
    private static Rewriter weaving(Hook hook, java.lang.instrument.Instrumentation instrumentation) {
        return Rewriter.of(instrumentation, TestEnforcement.actions(), List.of(), List.of(hook));
    }

    private static Class<?> defineHooked(byte[] classFile) {
        return new ClassLoader(RewriteFailureTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(HOOKED.replace('/', '.'), classFile, 0, classFile.length);
            }
        }.define();
    }

    @Test
    void requiredHookThatMatchesNoMethod_makesItsClassUnloadable_whereAnOptionalOneLeavesItAsItIs() {
        byte[] classFile = RewritingLoader.classFile(HOOKED.replace('/', '.'));
        Hook vanished = Hook.in(HOOKED, "vanished", null).atEntry(ENTER);
        byte[] required = weaving(vanished.required("checks would be skipped"), null)
                .transform(null, null, HOOKED, null, null, classFile);
        NoClassDefFoundError refused = assertThrows(NoClassDefFoundError.class, () -> defineHooked(required));
        assertEquals("charter cannot enforce Charter found no method vanished to hook in dev.charter.fixture.hooks.Hooked:"
                + " checks would be skipped", readable(refused));

        assertEquals(null, weaving(vanished.consequence("nothing is bound"), null).transform(null, null, HOOKED, null, null,
                classFile));
    }

    @Test
    void requiredHookThatCannotBeWoven_makesItsClassUnloadable() {
        byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9};
        Hook greet = Hook.in(HOOKED, "greet", null).atEntry(ENTER).required("checks would be skipped");
        byte[] refused = weaving(greet, null).transform(null, null, HOOKED, null, null, garbage);
        NoClassDefFoundError error = assertThrows(NoClassDefFoundError.class, () -> defineHooked(refused));
        assertTrue(readable(error).startsWith("charter cannot enforce Charter could not rewrite dev.charter.fixture.hooks.Hooked:"
                + " checks would be skipped: "), readable(error));
    }

    @Test
    void requiredHookThatCannotBeWovenIntoALoadedClass_stopsTheInstall() {
        Class<?> loaded = dev.charter.fixture.hooks.Hooked.class;
        // the JVM's side of a retransformation: hand the loaded class's file to the transformers, keep their answer
        java.lang.instrument.Instrumentation jvm = FakeJvm.retransforming(loaded, HOOKED,
                RewritingLoader.classFile(loaded.getName()));
        Rewriter rewriter = weaving(Hook.in(HOOKED, "vanished", null).atEntry(ENTER).required("checks would be skipped"), jvm);
        IllegalStateException stopped = assertThrows(IllegalStateException.class, rewriter::install);
        assertEquals("Charter found no method vanished to hook in dev.charter.fixture.hooks.Hooked: checks would be skipped",
                stopped.getMessage());
    }

    /** The message with the look-alikes that a class name must use turned back into what they stand for. */
    private static String readable(Throwable error) {
        return error.getMessage().replace('\u2024', '.').replace('\u2215', '/');
    }
}
