package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                new ScopedMatcher.ClassMatch(REFUNDS.replace('.', '/'), List.of(broken), false, Set.of(), List.of()), "Refunds");
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
                new ScopedMatcher.ClassMatch(REFUNDS.replace('.', '/'), List.of(broken), false, Set.of(), List.of()), "Refunds");
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

    /** The message with the look-alikes that a class name must use turned back into what they stand for. */
    private static String readable(Throwable error) {
        return error.getMessage().replace('\u2024', '.').replace('\u2215', '/');
    }
}
