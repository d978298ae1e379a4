package dev.charter.bench.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class AppGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void write_defaultShape_hasFiveThousandClasses_ofWhichFortyOneScoped() throws IOException {
        AppGenerator.App app = AppGenerator.write(dir.resolve("app.jar"), 5_000, 40);

        List<String> generated = new ArrayList<>();
        List<String> scoped = new ArrayList<>();
        String index;
        try (JarFile jar = new JarFile(app.jar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().startsWith("gen/") && entry.getName().endsWith(".class")) {
                    generated.add(entry.getName());
                    if (scopes(jar.getInputStream(entry).readAllBytes()) > 0) {
                        scoped.add(entry.getName());
                    }
                }
            }
            assertTrue(jar.getJarEntry("dev/charter/bench/startup/StartupApp.class") != null, "main class copied");
            assertTrue(jar.getJarEntry("dev/charter/bench/startup/Tool.class") != null, "tool interface copied");
            index = new String(jar.getInputStream(jar.getJarEntry(StartupApp.INDEX)).readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals(5_000, generated.size());
        assertEquals(5_000, app.classes());
        assertEquals(41, scoped.size(), "40 allowed tools and the forbidden one");
        assertEquals(41, app.scopedClasses());
        assertEquals(4_959, index.lines().filter(line -> line.startsWith("class ")).count());
        assertEquals(40, index.lines().filter(line -> line.startsWith("tool ")).count());
        assertTrue(scoped.contains("gen/app/tools/Forbidden.class"), scoped::toString);
    }

    @Test
    void write_plainClasses_inheritInChainsOfTen() throws IOException {
        AppGenerator.App app = AppGenerator.write(dir.resolve("app.jar"), 100, 2);
        try (JarFile jar = new JarFile(app.jar().toFile())) {
            assertEquals("java/lang/Object", superName(jar, "gen/app/p00/C00010.class"));
            assertEquals("gen/app/p00/C00010", superName(jar, "gen/app/p00/C00011.class"));
            assertEquals("gen/app/p00/C00018", superName(jar, "gen/app/p00/C00019.class"));
        }
    }

    private static String superName(JarFile jar, String entry) throws IOException {
        return new ClassReader(jar.getInputStream(jar.getJarEntry(entry)).readAllBytes()).getSuperName();
    }

    /** How many methods of the class file carry {@code @ScopedAction}. */
    private static int scopes(byte[] classFile) {
        int[] count = {0};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (annotation.equals("Ldev/charter/ScopedAction;") && visible) {
                            count[0]++;
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE);
        return count[0];
    }
}
