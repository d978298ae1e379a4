package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.failclosed.Shapes;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Scoped methods in the shapes that once ran unchecked: each is checked, or refuses every call with
 * a reason that names the cause; none runs its body on an unbound thread.
 */
class FailClosedIT {

    private static final Path POLICY = Jvm.resource("it/failclosed.yaml");
    /** Code bytes of the generated method: the check does not fit in what the 64 KB limit leaves. */
    private static final int NOPS = 65_530;

    @TempDir
    static Path generated;
    private static Jvm.Result run;

    @BeforeAll
    static void run() throws Exception {
        writeHugeClass(generated);
        run = Jvm.fork().withCharter("policy=" + POLICY).classPath(generated.toString()).run(Shapes.class);
        assertEquals(0, run.exit(), run::toString);
    }

    /** {@code Huge.big(String)}: a scoped method whose code is a few bytes short of the JVM's 64 KB limit. */
    private static void writeHugeClass(Path root) throws Exception {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "dev/charter/it/failclosed/Huge", null,
                "java/lang/Object", null);
        MethodVisitor big = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "big",
                "(Ljava/lang/String;)Ljava/lang/String;", null, null);
        big.visitAnnotation("Ldev/charter/ScopedAction;", true).visit("value", "payments:refund");
        big.visitCode();
        big.visitFieldInsn(Opcodes.GETSTATIC, "dev/charter/it/failclosed/Shapes", "ran", "I");
        big.visitInsn(Opcodes.ICONST_1);
        big.visitInsn(Opcodes.IADD);
        big.visitFieldInsn(Opcodes.PUTSTATIC, "dev/charter/it/failclosed/Shapes", "ran", "I");
        for (int i = 0; i < NOPS - 10; i++) {
            big.visitInsn(Opcodes.NOP);
        }
        big.visitVarInsn(Opcodes.ALOAD, 0);
        big.visitInsn(Opcodes.ARETURN);
        big.visitMaxs(0, 0);
        big.visitEnd();
        writer.visitEnd();
        Path file = root.resolve("dev/charter/it/failclosed/Huge.class");
        Files.createDirectories(file.getParent());
        Files.write(file, writer.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mentions-gate", "javax-annotated", "agent-package", "inherited-implementation", "proxy",
        "lambda", "method-reference", "hidden-class"})
    void implementationOfAScopedMethod_isCheckedOnAnUnboundThread(String shape) {
        assertTrue(run.outcome(shape).startsWith("DENIED unbound thread may not payments:refund on \"order/EU-1\": no identity bound"),
                run::toString);
        assertEquals("0", run.outcome(shape + "-ran"), run::toString);
    }

    @Test
    void comSunLibraryMethodTargetedByTheActions_isChecked() {
        assertTrue(run.outcome("comsun-targeted").startsWith("DENIED unbound thread may not payments:legacy on \"acct-1\""),
                run::toString);
        assertEquals("0", run.outcome("comsun-targeted-ran"), run::toString);
    }

    @Test
    void entryWhoseArgumentDoesNotFit_refusesEveryCall_namingTheEntry() {
        for (String shape : new String[] {"misfit-entry", "misfit-entry-alice"}) {
            String outcome = run.outcome(shape);
            assertTrue(outcome.startsWith("DENIED"), run::toString);
            assertTrue(outcome.contains("acts-on: 0 (" + POLICY + ":11) does not fit"), run::toString);
            assertTrue(outcome.contains("Shapes$Misfits#pay(), which has 0 parameters"), run::toString);
            assertEquals("0", run.outcome(shape + "-ran"), run::toString);
        }
    }

    @Test
    void wellFormedNeighbourOfAMisfit_isEnforcedNormally() {
        assertTrue(run.outcome("misfit-neighbour-unbound").startsWith("DENIED unbound thread may not tools:lookup on \"order/EU-1\""),
                run::toString);
        assertEquals("ALLOWED", run.outcome("misfit-neighbour-alice"), run::toString);
        assertEquals("1", run.outcome("misfit-neighbour-alice-ran"), run::toString);
    }

    @Test
    void twoEntriesThatDisagree_refuseEveryCall_namingBoth() {
        String outcome = run.outcome("conflicting-entries");
        assertTrue(outcome.startsWith("DENIED user:alice may not"), run::toString);
        assertTrue(outcome.contains(POLICY + ":14") && outcome.contains(POLICY + ":17") && outcome.contains("disagree"),
                run::toString);
        assertEquals("0", run.outcome("conflicting-entries-ran"), run::toString);
    }

    @Test
    void methodTooLargeToTakeTheCheck_refusesEveryCall_sayingSo() {
        String outcome = run.outcome("too-large");
        assertTrue(outcome.startsWith("DENIED user:alice may not payments:refund"), run::toString);
        assertTrue(outcome.contains("64 KB") && outcome.contains("@ScopedAction on dev.charter.it.failclosed.Huge#big"),
                run::toString);
        assertEquals("0", run.outcome("too-large-ran"), run::toString);
    }
}
