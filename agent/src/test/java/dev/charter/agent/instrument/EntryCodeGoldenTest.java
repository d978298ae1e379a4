package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.agent.enforce.Actions;
import java.util.List;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * Keeps the code inlined at a scoped method's entry from growing unnoticed: the rewritten
 * {@code Refunds.refund} must match {@code golden/Refunds.refund.txt} instruction for instruction.
 * After an intended change, copy {@code target/golden/Refunds.refund.txt} over it.
 */
class EntryCodeGoldenTest {

    @Test
    void rewrittenRefund_matchesGolden() throws IOException {
        RewritingLoader loader = new RewritingLoader(Rewriter.forTest(List.of(), new Actions()));
        String name = RewritingLoader.FIXTURES + "Refunds";
        String actual = textify(loader.transform(name, RewritingLoader.classFile(name)), "refund");
        Path written = Path.of("target", "golden", "Refunds.refund.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual);
        try (InputStream golden = getClass().getResourceAsStream("/golden/Refunds.refund.txt")) {
            String expected = golden == null ? "(no golden file)" : new String(golden.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, actual, "rewritten bytecode changed; see " + written.toAbsolutePath());
        }
    }

    private static String textify(byte[] classFile, String method) {
        Textifier text = new Textifier();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return name.equals(method) ? new TraceMethodVisitor(text) : null;
            }
        }, ClassReader.SKIP_FRAMES);
        StringWriter out = new StringWriter();
        text.print(new PrintWriter(out));
        return out.toString();
    }
}
