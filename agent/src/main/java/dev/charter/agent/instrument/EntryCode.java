package dev.charter.agent.instrument;

import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

/**
 * Writes the check into a class: at the entry of each scoped method
 * {@code if (!Gate.allows(id)) { RuntimeException refused = Gate.decide(id, resource, spend); if (refused != null) throw refused; }}
 * with the amount passed as a {@code long} or {@code double} when its parameter is primitive (nothing
 * boxed); a method that cannot be enforced gets a body that refuses every call. Marks the class as
 * rewritten.
 */
final class EntryCode {

    private static final String GATE = "dev/charter/Gate";
    private static final String VIOLATION = "dev/charter/ScopeViolation";
    /** What the gate returns: a type of the JDK's, the same whichever loader defined the rewritten class. */
    private static final String REFUSAL_TYPE = "java/lang/RuntimeException";
    private static final String REFUSAL = "L" + REFUSAL_TYPE + ";";
    private static final int CHECK_STACK = 4;

    /** One method to rewrite: its action id and what the matcher said of it. */
    record Site(int id, ScopedMethod method) {
    }

    private EntryCode() {
    }

    /**
     * Rewrites {@code classFile}.
     *
     * @param sites by name and descriptor; those {@link ScopedMethod#inherited} are added as overrides
     * @throws RuntimeException whatever ASM throws, e.g. a method grown past 64 KB
     */
    static byte[] rewrite(byte[] classFile, Map<String, Site> sites) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private int version;
            private String superName;

            @Override
            public void visit(int classVersion, int access, String name, String signature, String superClass,
                    String[] interfaces) {
                version = classVersion & 0xFFFF;
                superName = superClass;
                super.visit(classVersion, access, name, signature, superClass, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                Site site = sites.get(name + descriptor);
                if (site == null || site.method().inherited()) {
                    return super.visitMethod(access, name, descriptor, signature, exceptions);
                }
                MethodVisitor target = super.visitMethod(site.method().refusal() != null ? access & ~Opcodes.ACC_NATIVE
                        : access, name, descriptor, signature, exceptions);
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                return site.method().refusal() != null ? new Refusing(target, site, isStatic, version)
                        : new Checking(target, site, isStatic, version);
            }

            @Override
            public void visitEnd() {
                for (Site site : sites.values()) {
                    if (site.method().inherited()) {
                        override(cv, site, superName, version);
                    }
                }
                cv.visitAttribute(new Mark());
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Adds a public override that checks, then calls the implementation the class inherits. */
    private static void override(ClassVisitor to, Site site, String superName, int version) {
        ScopedMethod method = site.method();
        MethodVisitor code = to.visitMethod(Opcodes.ACC_PUBLIC, method.name(), method.descriptor(), null, null);
        code.visitCode();
        int locals = Type.getArgumentsAndReturnSizes(method.descriptor()) >> 2;
        if (method.refusal() != null) {
            refuse(code, site, false, version);
            code.visitMaxs(7, locals);
        } else {
            check(code, site, false, version);
            code.visitVarInsn(Opcodes.ALOAD, 0);
            int slot = 1;
            for (Type parameter : Type.getArgumentTypes(method.descriptor())) {
                code.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
                slot += parameter.getSize();
            }
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, method.name(), method.descriptor(), false);
            code.visitInsn(Type.getReturnType(method.descriptor()).getOpcode(Opcodes.IRETURN));
            code.visitMaxs(Math.max(CHECK_STACK, locals), locals);
        }
        code.visitEnd();
    }

    /** The entry check: the fast path's one call, and the slow path's second only when it cannot allow. */
    private static void check(MethodVisitor code, Site site, boolean isStatic, int version) {
        ScopedMethod method = site.method();
        Type[] parameters = Type.getArgumentTypes(method.descriptor());
        Label allowed = new Label();
        push(code, site.id());
        code.visitMethodInsn(Opcodes.INVOKESTATIC, GATE, "allows", "(I)Z", false);
        code.visitJumpInsn(Opcodes.IFNE, allowed);
        push(code, site.id());
        if (method.actsOn() < 0) {
            code.visitInsn(Opcodes.ACONST_NULL);
        } else {
            Type resource = parameters[method.actsOn()];
            code.visitVarInsn(resource.getOpcode(Opcodes.ILOAD), slot(parameters, method.actsOn(), isStatic));
            box(code, resource);
        }
        String spend = "Ljava/lang/Object;";
        if (method.spends() < 0) {
            code.visitInsn(Opcodes.ACONST_NULL);
        } else {
            Type amount = parameters[method.spends()];
            code.visitVarInsn(amount.getOpcode(Opcodes.ILOAD), slot(parameters, method.spends(), isStatic));
            switch (amount.getSort()) {
                case Type.BYTE, Type.SHORT, Type.INT -> {
                    code.visitInsn(Opcodes.I2L);
                    spend = "J";
                }
                case Type.LONG -> spend = "J";
                case Type.FLOAT -> {
                    code.visitInsn(Opcodes.F2D);
                    spend = "D";
                }
                case Type.DOUBLE -> spend = "D";
                default -> box(code, amount);
            }
        }
        code.visitMethodInsn(Opcodes.INVOKESTATIC, GATE, "decide", "(ILjava/lang/Object;" + spend + ")" + REFUSAL,
                false);
        // thrown here, not in the gate: each frame an exception unwinds costs about 0.1 µs
        Label refused = new Label();
        code.visitInsn(Opcodes.DUP);
        code.visitJumpInsn(Opcodes.IFNONNULL, refused);
        code.visitInsn(Opcodes.POP);
        code.visitJumpInsn(Opcodes.GOTO, allowed);
        code.visitLabel(refused);
        if (version >= Opcodes.V1_6) {
            code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {REFUSAL_TYPE});
        }
        code.visitInsn(Opcodes.ATHROW);
        code.visitLabel(allowed);
        if (version >= Opcodes.V1_6) {
            code.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
        code.visitInsn(Opcodes.NOP); // so that a frame the original code has at its start has an instruction of its own
    }

    /** A body that asks the gate (so the refusal is recorded and counted) and refuses in any case. */
    private static void refuse(MethodVisitor code, Site site, boolean isStatic, int version) {
        ScopedMethod method = site.method();
        push(code, site.id());
        if (method.actsOn() < 0) {
            code.visitInsn(Opcodes.ACONST_NULL);
        } else {
            Type[] parameters = Type.getArgumentTypes(method.descriptor());
            Type resource = parameters[method.actsOn()];
            code.visitVarInsn(resource.getOpcode(Opcodes.ILOAD), slot(parameters, method.actsOn(), isStatic));
            box(code, resource);
        }
        code.visitInsn(Opcodes.ACONST_NULL);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, GATE, "decide", "(ILjava/lang/Object;Ljava/lang/Object;)" + REFUSAL,
                false);
        // the gate's refusal names the caller; in audit mode it has none, and the method refuses all the same
        Label unrefused = new Label();
        code.visitInsn(Opcodes.DUP);
        code.visitJumpInsn(Opcodes.IFNULL, unrefused);
        code.visitInsn(Opcodes.ATHROW);
        code.visitLabel(unrefused);
        if (version >= Opcodes.V1_6) {
            code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {REFUSAL_TYPE});
        }
        code.visitInsn(Opcodes.POP);
        code.visitTypeInsn(Opcodes.NEW, VIOLATION);
        code.visitInsn(Opcodes.DUP);
        code.visitInsn(Opcodes.ACONST_NULL);
        if (site.method().scope() == null) {
            code.visitInsn(Opcodes.ACONST_NULL);
        } else {
            code.visitLdcInsn(site.method().scope());
        }
        code.visitInsn(Opcodes.ACONST_NULL);
        code.visitLdcInsn(site.method().reason());
        code.visitInsn(Opcodes.ACONST_NULL);
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, VIOLATION, "<init>",
                "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V", false);
        code.visitInsn(Opcodes.ATHROW);
    }

    private static int slot(Type[] parameters, int index, boolean isStatic) {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < index; i++) {
            slot += parameters[i].getSize();
        }
        return slot;
    }

    private static void box(MethodVisitor code, Type type) {
        String box = switch (type.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.CHAR -> "java/lang/Character";
            case Type.BYTE -> "java/lang/Byte";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.FLOAT -> "java/lang/Float";
            case Type.LONG -> "java/lang/Long";
            case Type.DOUBLE -> "java/lang/Double";
            default -> null;
        };
        if (box != null) {
            code.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + type.getDescriptor() + ")L" + box + ";", false);
        }
    }

    private static void push(MethodVisitor code, int value) {
        if (value <= 5) {
            code.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value <= Byte.MAX_VALUE) {
            code.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value <= Short.MAX_VALUE) {
            code.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            code.visitLdcInsn(value);
        }
    }

    /** Puts the check before the method's own code. */
    private static final class Checking extends MethodVisitor {

        private final Site site;
        private final boolean isStatic;
        private final int version;

        Checking(MethodVisitor target, Site site, boolean isStatic, int version) {
            super(Opcodes.ASM9, target);
            this.site = site;
            this.isStatic = isStatic;
            this.version = version;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check(mv, site, isStatic, version);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, CHECK_STACK), maxLocals);
        }
    }

    /** Keeps the method's annotations and replaces its code with a refusal. */
    private static final class Refusing extends MethodVisitor {

        private final MethodVisitor target;
        private final Site site;
        private final boolean isStatic;
        private final int version;
        private boolean written;

        Refusing(MethodVisitor target, Site site, boolean isStatic, int version) {
            super(Opcodes.ASM9); // the original code goes nowhere
            this.target = target;
            this.site = site;
            this.isStatic = isStatic;
            this.version = version;
        }

        @Override
        public void visitParameter(String name, int access) {
            target.visitParameter(name, access);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return target.visitAnnotation(descriptor, visible);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
            return target.visitTypeAnnotation(typeRef, typePath, descriptor, visible);
        }

        @Override
        public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
            target.visitAnnotableParameterCount(parameterCount, visible);
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
            return target.visitParameterAnnotation(parameter, descriptor, visible);
        }

        @Override
        public void visitCode() {
            target.visitCode();
            refuse(target, site, isStatic, version);
            int locals = (Type.getArgumentsAndReturnSizes(site.method().descriptor()) >> 2) - (isStatic ? 1 : 0);
            target.visitMaxs(7, locals);
            written = true;
        }

        @Override
        public void visitEnd() {
            if (!written) { // a native method: it had no code to replace
                visitCode();
            }
            target.visitEnd();
        }
    }

    /** The class attribute that says the rewriter has been here; the JVM ignores it. */
    static final class Mark extends Attribute {

        Mark() {
            super(ScopedMatcher.MARK);
        }

        @Override
        protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
            return new ByteVector();
        }
    }
}
