package dev.charter.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the application of the start-up measurement as a jar: {@code classes} generated classes, of
 * which {@code scoped} tools and one forbidden tool carry {@code @ScopedAction} and the rest are plain
 * classes with fields, a static initializer, a few methods and inheritance chains of up to ten (so
 * that the agent's matcher walks supertypes, as it must in real code). Class files are written with
 * ASM directly: nothing is compiled.
 */
public final class AppGenerator {

    /** The identity the application binds, and the scope the policy grants it. */
    static final String IDENTITY = "agent:startup-bot";
    static final String GRANTED = "tools";
    /** The scope of the forbidden tool: granted to nobody. */
    static final String FORBIDDEN_SCOPE = "admin:shutdown";

    private static final String SCOPED_ACTION = "Ldev/charter/ScopedAction;";
    private static final String ACTS_ON = "Ldev/charter/ActsOn;";
    private static final String TOOL = internal(Tool.class);
    private static final int CHAIN = 10;

    /** What was written. */
    public record App(Path jar, int plainClasses, int scopedClasses) {

        /** Every generated class, scoped or not. */
        public int classes() {
            return plainClasses + scopedClasses;
        }
    }

    private AppGenerator() {
    }

    /**
     * Writes the application to {@code jar}.
     *
     * @param classes how many classes to generate in all
     * @param tools how many of them are allowed scoped tools (one more, forbidden, is scoped too)
     */
    public static App write(Path jar, int classes, int tools) throws IOException {
        if (tools < 1 || classes < tools + 2) {
            throw new IllegalArgumentException("need at least one tool and one plain class: classes=" + classes
                    + ", tools=" + tools);
        }
        int plain = classes - tools - 1;
        StringBuilder index = new StringBuilder();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StartupApp.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> own : List.of(StartupApp.class, Tool.class)) {
                put(out, internal(own) + ".class", ownClassFile(own));
            }
            for (int i = 0; i < plain; i++) {
                String name = plainName(i);
                put(out, name + ".class", plainClass(i));
                index.append("class ").append(name.replace('/', '.')).append('\n');
            }
            for (int k = 0; k < tools; k++) {
                String name = "gen/app/tools/Tool" + k;
                put(out, name + ".class", toolClass(name, GRANTED + ":t" + k, k, k % 2 == 0));
                index.append("tool ").append(name.replace('/', '.')).append('\n');
            }
            String forbidden = "gen/app/tools/Forbidden";
            put(out, forbidden + ".class", toolClass(forbidden, FORBIDDEN_SCOPE, -1, true));
            index.append("forbidden ").append(forbidden.replace('/', '.')).append('\n');
            index.append("identity ").append(IDENTITY).append('\n');
            put(out, StartupApp.INDEX, index.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new App(jar, plain, tools + 1);
    }

    /** The policy the measurement runs the application under: the tools granted, the forbidden one not. */
    public static String policy() {
        return "version: 1\nidentities:\n  " + IDENTITY + ":\n    grants:\n      - scope: \"" + GRANTED + "\"\n";
    }

    private static String plainName(int i) {
        return String.format("gen/app/p%02d/C%05d", i / 100, i);
    }

    /** A plain class: chained to the previous one in groups of ten, every fifth a {@code LongSupplier}. */
    private static byte[] plainClass(int i) {
        String name = plainName(i);
        String superName = i % CHAIN == 0 ? "java/lang/Object" : plainName(i - 1);
        boolean supplier = i % 5 == 0;
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, superName,
                supplier ? new String[] {"java/util/function/LongSupplier"} : null);
        String suffix = Integer.toString(i);
        cw.visitField(Opcodes.ACC_PRIVATE, "a" + suffix, "I", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE, "b" + suffix, "J", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE, "c" + suffix, "Ljava/lang/String;", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "LOADED", "I", null, null).visitEnd();

        MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitLdcInsn(i);
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, name, "LOADED", "I");
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(0, 0);
        clinit.visitEnd();

        MethodVisitor init = constructor(cw, superName);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitLdcInsn(i);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, "a" + suffix, "I");
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitLdcInsn("C" + suffix);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, "c" + suffix, "Ljava/lang/String;");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor compute = cw.visitMethod(Opcodes.ACC_PUBLIC, "compute" + suffix, "(I)I", null, null);
        compute.visitCode();
        compute.visitVarInsn(Opcodes.ILOAD, 1);
        compute.visitVarInsn(Opcodes.ALOAD, 0);
        compute.visitFieldInsn(Opcodes.GETFIELD, name, "a" + suffix, "I");
        compute.visitInsn(Opcodes.IADD);
        compute.visitInsn(Opcodes.ICONST_3);
        compute.visitInsn(Opcodes.IMUL);
        compute.visitInsn(Opcodes.IRETURN);
        compute.visitMaxs(0, 0);
        compute.visitEnd();

        MethodVisitor describe = cw.visitMethod(Opcodes.ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
        describe.visitCode();
        describe.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        describe.visitInsn(Opcodes.DUP);
        describe.visitVarInsn(Opcodes.ALOAD, 0);
        describe.visitFieldInsn(Opcodes.GETFIELD, name, "c" + suffix, "Ljava/lang/String;");
        describe.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        describe.visitVarInsn(Opcodes.ALOAD, 0);
        describe.visitFieldInsn(Opcodes.GETFIELD, name, "b" + suffix, "J");
        describe.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(J)Ljava/lang/StringBuilder;", false);
        describe.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        describe.visitInsn(Opcodes.ARETURN);
        describe.visitMaxs(0, 0);
        describe.visitEnd();

        if (supplier) {
            MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, "getAsLong", "()J", null, null);
            get.visitCode();
            get.visitVarInsn(Opcodes.ALOAD, 0);
            get.visitFieldInsn(Opcodes.GETFIELD, name, "b" + suffix, "J");
            get.visitInsn(Opcodes.LRETURN);
            get.visitMaxs(0, 0);
            get.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * A tool: {@code @ScopedAction(scope) public long call(String resource, long amount)} returning
     * {@code amount + k}, its resource marked {@code @ActsOn} when {@code actsOn}.
     */
    private static byte[] toolClass(String name, String scope, int k, boolean actsOn) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object",
                new String[] {TOOL});
        MethodVisitor init = constructor(cw, "java/lang/Object");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor call = cw.visitMethod(Opcodes.ACC_PUBLIC, "call", "(Ljava/lang/String;J)J", null, null);
        call.visitAnnotation(SCOPED_ACTION, true).visit("value", scope);
        if (actsOn) {
            call.visitAnnotableParameterCount(2, true);
            call.visitParameterAnnotation(0, ACTS_ON, true).visitEnd();
        }
        call.visitCode();
        call.visitVarInsn(Opcodes.LLOAD, 2);
        call.visitLdcInsn((long) k);
        call.visitInsn(Opcodes.LADD);
        call.visitInsn(Opcodes.LRETURN);
        call.visitMaxs(0, 0);
        call.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Starts a public no-argument constructor that calls {@code superName}'s; the caller finishes it. */
    private static MethodVisitor constructor(ClassWriter cw, String superName) {
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        return init;
    }

    private static byte[] ownClassFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("cannot read the class file of " + type);
            }
            return in.readAllBytes();
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }
}
