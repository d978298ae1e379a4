package dev.charter.agent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves {@link Hook}s into a class file, in a shape a retransformation accepts (no member added or
 * changed): the entry call after the method's start, the exit call before each return, and for an exit
 * on throw a catch-all handler after the method's code that calls it and rethrows. The hook's locals
 * go after the method's own, and every stack map frame of the method is extended to hold them, so no
 * frame is computed and no class is loaded.
 */
final class HookWeaver {

    private static final Type OBJECT = Type.getType(Object.class);
    /** More than any call's values and results take on the operand stack. */
    private static final int EXTRA_STACK = 8;

    private HookWeaver() {
    }

    /**
     * Returns {@code classFile} with {@code hooks} woven into every method they match, or {@code null}
     * when they match none.
     *
     * @throws RuntimeException what ASM throws on a class file it cannot read or write
     */
    static byte[] weave(byte[] classFile, List<Hook> hooks) {
        return weave(classFile, hooks, new boolean[hooks.size()]);
    }

    /** As {@link #weave(byte[], List)}, setting {@code matched[i]} when {@code hooks.get(i)} matches a method. */
    static byte[] weave(byte[] classFile, List<Hook> hooks, boolean[] matched) {
        ClassReader reader = new ClassReader(classFile);
        boolean needsLocals = false;
        for (Hook hook : hooks) {
            needsLocals |= hook.needsLocals();
        }
        // a method's own locals are known only once its code is read: read them first, when hooks add some
        Map<String, Integer> maxLocals = needsLocals ? maxLocals(reader, hooks) : Map.of();
        if (needsLocals && maxLocals.isEmpty()) {
            return null;
        }
        boolean[] woven = new boolean[1];
        // made from the reader: the methods no hook matches are copied as they are, never parsed
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private boolean frames;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                frames = (version & 0xFFFF) >= Opcodes.V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
                List<Hook> here = new ArrayList<>();
                for (int i = 0; i < hooks.size(); i++) {
                    if (hooks.get(i).matches(access, name, descriptor)) {
                        here.add(hooks.get(i));
                        matched[i] = true;
                    }
                }
                // the visitor nearest the writer runs outermost; each hook's locals lie past those of the hooks
                // whose visitors come before it, so that each extends the frames it sees in slot order
                woven[0] |= !here.isEmpty();
                int base = maxLocals.getOrDefault(name + descriptor, 0);
                for (int k = 0; k < here.size(); k++) {
                    target = new Woven(target, here.get(k), access, descriptor,
                            base + Woven.LOCALS * (here.size() - 1 - k), frames);
                }
                return target;
            }
        }, ClassReader.EXPAND_FRAMES);
        return woven[0] ? writer.toByteArray() : null;
    }

    /** The max_locals of each method some hook matches, by name and descriptor. */
    private static Map<String, Integer> maxLocals(ClassReader reader, List<Hook> hooks) {
        Map<String, Integer> maxLocals = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                for (Hook hook : hooks) {
                    if (hook.matches(access, name, descriptor)) {
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMaxs(int maxStack, int locals) {
                                maxLocals.put(name + descriptor, locals);
                            }
                        };
                    }
                }
                return null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return maxLocals;
    }

    /** One method with one hook woven in. Hooks on one method nest: the first listed runs outermost. */
    private static final class Woven extends MethodVisitor {
        /** The slots a hook may add: what its entry returned, and a value being returned. */
        static final int LOCALS = 3;
        private final Hook hook;
        private final boolean isStatic;
        private final Type[] arguments;
        private final Type returnType;
        private final boolean frames;
        /** The first slot past the method's own locals; where {@link Hook#ENTERED} is kept. */
        private final int base;
        private final int entered;
        private final int returned;
        private final List<Label[]> guarded = new ArrayList<>();
        private Label guardStart;

        Woven(MethodVisitor target, Hook hook, int access, String descriptor, int base, boolean frames) {
            super(Opcodes.ASM9, target);
            this.hook = hook;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.arguments = Type.getArgumentTypes(descriptor);
            this.returnType = Type.getReturnType(descriptor);
            this.frames = frames;
            this.base = base;
            boolean keeps = hook.entry() != null && hook.entry().replaces() < 0 && hook.entry().returns().getSort() != Type.VOID
                    && hook.replaced() == null && hook.exit() != null && hook.exit().takes(Hook.Value.Kind.ENTERED);
            this.entered = keeps ? base : -1;
            this.returned = base + (keeps ? 1 : 0);
            if (hook.exit() != null && hook.exit().takes(Hook.Value.Kind.RETURNED)
                    && returnType.getSort() != Type.OBJECT && returnType.getSort() != Type.ARRAY) {
                throw new IllegalArgumentException("RETURNED of a method returning " + returnType);
            }
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Hook.Call entry = hook.replaced() == null ? hook.entry() : null;
            if (entry != null) {
                push(entry, false);
                Type result = entry.returns();
                if (entry.replaces() >= 0) {
                    Type argument = arguments[entry.replaces()];
                    cast(result, argument);
                    super.visitVarInsn(argument.getOpcode(Opcodes.ISTORE), slotOf(entry.replaces()));
                } else if (entered >= 0) {
                    super.visitVarInsn(Opcodes.ASTORE, entered);
                } else if (result.getSize() > 0) {
                    super.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
                }
            }
            if (hook.onThrow()) {
                guardStart = new Label();
                super.visitLabel(guardStart);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (hook.exit() == null || opcode < Opcodes.IRETURN || opcode > Opcodes.RETURN) {
                super.visitInsn(opcode);
                return;
            }
            if (hook.onThrow()) {
                Label end = new Label();
                super.visitLabel(end);
                guarded.add(new Label[] {guardStart, end});
            }
            exit(false);
            super.visitInsn(opcode);
            if (hook.onThrow()) {
                guardStart = new Label();
                super.visitLabel(guardStart);
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (hook.replaced() != null && hook.replaced().equals(owner + "." + name + descriptor)) {
                Hook.Call call = hook.entry();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, call.owner(), call.name(), call.descriptor(), false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        @Override
        public void visitFrame(int type, int localCount, Object[] locals, int stackCount, Object[] stack) {
            if (entered < 0) {
                super.visitFrame(type, localCount, locals, stackCount, stack);
                return;
            }
            List<Object> extended = new ArrayList<>(Arrays.asList(locals).subList(0, localCount));
            int slots = 0;
            for (Object local : extended) {
                slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < base; slots++) {
                extended.add(Opcodes.TOP);
            }
            extended.add("java/lang/Object");
            super.visitFrame(type, extended.size(), extended.toArray(), stackCount, stack);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (hook.onThrow()) {
                Label end = new Label();
                super.visitLabel(end);
                guarded.add(new Label[] {guardStart, end});
                Label handler = new Label();
                super.visitLabel(handler);
                if (frames) {
                    List<Object> locals = new ArrayList<>();
                    for (int slot = 0; slot < base; slot++) {
                        locals.add(Opcodes.TOP);
                    }
                    if (entered >= 0) {
                        locals.add("java/lang/Object");
                    }
                    super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Throwable"});
                }
                exit(true);
                super.visitInsn(Opcodes.ATHROW);
                for (Label[] range : guarded) {
                    if (range[0].getOffset() != range[1].getOffset()) {
                        super.visitTryCatchBlock(range[0], range[1], handler, null);
                    }
                }
            }
            super.visitMaxs(maxStack + EXTRA_STACK, Math.max(maxLocals, base + LOCALS));
        }

        /** The exit call; on a normal return, the value returned is on the stack before and after it. */
        private void exit(boolean throwing) {
            Hook.Call exit = hook.exit();
            boolean keepsReturn = !throwing && returnType.getSort() != Type.VOID
                    && (exit.returnsInstead() || exit.takes(Hook.Value.Kind.RETURNED));
            if (keepsReturn) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returned);
            }
            push(exit, throwing);
            Type result = exit.returns();
            if (exit.returnsInstead() && !throwing) {
                cast(result, returnType);
            } else {
                if (result.getSize() > 0) {
                    super.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
                }
                if (keepsReturn) {
                    super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), returned);
                }
            }
        }

        /** Pushes the call's values and calls it. */
        private void push(Hook.Call call, boolean throwing) {
            Type[] parameters = Type.getArgumentTypes(call.descriptor());
            for (int i = 0; i < parameters.length; i++) {
                Hook.Value value = call.values().get(i);
                switch (value.kind()) {
                    case THIS -> super.visitVarInsn(Opcodes.ALOAD, 0);
                    case LOOKUP -> super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                            "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
                    case ENTERED -> {
                        if (entered < 0) {
                            throw new IllegalArgumentException("ENTERED without an entry call that returns something");
                        }
                        super.visitVarInsn(Opcodes.ALOAD, entered);
                        cast(OBJECT, parameters[i]);
                    }
                    case RETURNED -> {
                        if (throwing) {
                            super.visitInsn(Opcodes.ACONST_NULL);
                        } else {
                            super.visitVarInsn(Opcodes.ALOAD, returned);
                            cast(returnType, parameters[i]);
                        }
                    }
                    case NULL -> super.visitInsn(Opcodes.ACONST_NULL);
                    case ARGUMENT -> {
                        Type argument = arguments[value.index()];
                        super.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slotOf(value.index()));
                        cast(argument, parameters[i]);
                    }
                    case TEXT -> super.visitLdcInsn(value.text());
                }
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, call.owner(), call.name(), call.descriptor(), false);
        }

        /** A cast from {@code from} to {@code to} where a reference must be narrowed; primitives must agree. */
        private void cast(Type from, Type to) {
            boolean references = (from.getSort() == Type.OBJECT || from.getSort() == Type.ARRAY)
                    && (to.getSort() == Type.OBJECT || to.getSort() == Type.ARRAY);
            if (references) {
                if (!from.equals(to) && !to.getInternalName().equals("java/lang/Object")) {
                    super.visitTypeInsn(Opcodes.CHECKCAST, to.getInternalName());
                }
            } else if (!from.equals(to)) {
                throw new IllegalArgumentException("cannot pass " + from + " as " + to);
            }
        }

        private int slotOf(int argument) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < argument; i++) {
                slot += arguments[i].getSize();
            }
            return slot;
        }
    }
}
