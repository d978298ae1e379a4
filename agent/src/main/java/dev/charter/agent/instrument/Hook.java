package dev.charter.agent.instrument;

import java.util.List;
import org.objectweb.asm.Type;

/**
 * One hook: in class {@code type}, method {@code method}, one static call at entry and one at exit
 * into a runtime class of package {@code dev.charter} (in the boot loader, where every class sees
 * it), optionally replacing an argument or the return value with what the call returns. The logic
 * stays in the runtime class; the woven code is one call in and one call out. The {@link Rewriter}
 * finds a class's hooks by its exact name, so a class no hook names costs one map lookup; the hooks
 * on {@link #EXECUTORS} by what the matcher found of its supertypes, which it reads anyway.
 *
 * <p>For example, Byte Buddy advice such as
 * <pre>{@code
 * @Advice.OnMethodEnter static Object enter(@Advice.This Object task) { return Carry.enter(task, MethodHandles.lookup()); }
 * @Advice.OnMethodExit(onThrowable = Throwable.class) static void exit(@Advice.Enter Object before) { Carry.exit(before); }
 * }</pre>
 * on {@code FutureTask#run()} is written
 * <pre>{@code
 * Hook.in("java/util/concurrent/FutureTask", "run", "()V")
 *     .atEntry(Hook.call(CARRY, "enter", "(Ljava/lang/Object;Ljava/lang/invoke/MethodHandles$Lookup;)Ljava/lang/Object;",
 *             Hook.THIS, Hook.LOOKUP))
 *     .atEveryExit(Hook.call(CARRY, "exit", "(Ljava/lang/Object;)V", Hook.ENTERED))
 * }</pre>
 * and {@code @Advice.Argument(value = 0, readOnly = false) Runnable task; task = Carry.wrap(task);} is
 * {@code .atEntry(Hook.call(CARRY, "wrap", "(Ljava/lang/Runnable;)Ljava/lang/Runnable;", Hook.argument(0)).replacing(0))};
 * {@code @Advice.Return(readOnly = false)} is {@link Call#replacingReturn()} with {@link #RETURNED}.
 *
 * <p>Advice whose body uses the hooked library's own types (an agent framework's, which only the
 * application's class loaders see) becomes a call of a runtime method that takes {@code Object}s,
 * such as {@code Frameworks.offered(String, Object, Object)}; the runtime asks the agent (for
 * frameworks, {@code Frameworks.Rules}), which reads the objects through their public API
 * ({@code frameworks.Reflective}, as {@code LangChain4j.offered} does).
 *
 * <p>What matches: {@code type} is an internal name, {@code outer$*} for every class nested in
 * {@code outer}, or {@link #EXECUTORS} for every executor of the application's: a class (hidden
 * classes included) that an application or framework class loader defines and that is a
 * {@code java.util.concurrent.Executor} through any of its supertypes, as the {@link ScopedMatcher}
 * finds them; {@code method} a name ({@code <init>} for constructors), or {@code prefix*};
 * {@code descriptor} a prefix of the method's descriptor ({@code "(Ljava/lang/Runnable;)"} for exactly
 * that argument, {@code "([B"} for a first argument {@code byte[]}), or {@code null} for any. Abstract
 * and native methods are passed over, and so are static ones when a call needs {@link #THIS}.
 *
 * <p>Rules the weaver keeps: an entry result that replaces nothing is kept for the exit call when
 * it takes {@link #ENTERED}, and dropped otherwise; a result that an exit call does not use as the return value is dropped; values
 * are references only ({@link #RETURNED} of a primitive return is refused). A constructor's entry call
 * cannot take {@link #THIS}, and a constructor has no exit on throw. A hook that cannot be woven leaves
 * its class as it was and is reported with {@code consequence}: what then goes undone. A
 * {@linkplain #required(String) required} hook, one that checks or confinement depend on, fails
 * closed instead: the start stops, or a class loaded later cannot load.
 *
 * @param type        the class's internal name, {@code outer$*}, or {@link #EXECUTORS}
 * @param method      the method's name, or {@code prefix*}
 * @param descriptor  a prefix of the method's descriptor, or {@code null} for any
 * @param entry       the call at entry, or {@code null}
 * @param exit        the call before each return, or {@code null}
 * @param onThrow     whether {@code exit} is called on an exception as well ({@link #RETURNED} is then {@code null})
 * @param replaced    in the method, the call that {@code entry} replaces, as {@code owner.name descriptor}, or {@code null}
 * @param consequence what goes undone when the hook cannot be woven
 * @param required    whether the agent may not run without it
 */
public record Hook(String type, String method, String descriptor, Call entry, Call exit, boolean onThrow,
        String replaced, String consequence, boolean required) {

    /** The {@code type} of a hook on every executor class of the application's, whatever its name. */
    public static final String EXECUTORS = "*java.util.concurrent.Executor";

    /** The object the method runs on. */
    public static final Value THIS = new Value(Value.Kind.THIS, -1, null);
    /** {@code MethodHandles.lookup()} of the hooked class: full privilege that only its own code has. */
    public static final Value LOOKUP = new Value(Value.Kind.LOOKUP, -1, null);
    /** What the entry call returned. */
    public static final Value ENTERED = new Value(Value.Kind.ENTERED, -1, null);
    /** The value being returned; {@code null} on an exception. */
    public static final Value RETURNED = new Value(Value.Kind.RETURNED, -1, null);
    /** {@code null}. */
    public static final Value NULL = new Value(Value.Kind.NULL, -1, null);

    public Hook {
        if (method.equals("<init>") && (onThrow || entry != null && entry.takes(Value.Kind.THIS))) {
            throw new IllegalArgumentException("a constructor's hook has no exit on throw and no entry on 'this'");
        }
        for (Call call : new Call[] {replaced == null ? entry : null, exit}) {
            if (call != null && Type.getArgumentTypes(call.descriptor()).length != call.values().size()) {
                throw new IllegalArgumentException(call.owner() + "." + call.name() + call.descriptor() + " is given "
                        + call.values().size() + " values");
            }
        }
    }

    /** A hook on the methods of {@code type} that {@code method} and {@code descriptor} match; add calls to it. */
    public static Hook in(String type, String method, String descriptor) {
        return new Hook(type, method, descriptor, null, null, false, null, "", false);
    }

    /** This hook, calling {@code call} at entry. */
    public Hook atEntry(Call call) {
        return new Hook(type, method, descriptor, call, exit, onThrow, replaced, consequence, required);
    }

    /** This hook, calling {@code call} before each normal return. */
    public Hook atExit(Call call) {
        return new Hook(type, method, descriptor, entry, call, false, replaced, consequence, required);
    }

    /** This hook, calling {@code call} before each normal return and when an exception leaves the method. */
    public Hook atEveryExit(Call call) {
        return new Hook(type, method, descriptor, entry, call, true, replaced, consequence, required);
    }

    /** This hook, replacing each call of {@code owner.name descriptor} in the method by {@code call}, whose arguments are the same. */
    public Hook replacingCalls(String owner, String name, String calledDescriptor, Call call) {
        return new Hook(type, method, descriptor, call, exit, onThrow, owner + "." + name + calledDescriptor, consequence, required);
    }

    /** This hook, saying what goes undone when it cannot be woven. */
    public Hook consequence(String what) {
        return new Hook(type, method, descriptor, entry, exit, onThrow, replaced, what, false);
    }

    /** This hook, required: {@code what} would go undone without it, which the agent never allows. */
    public Hook required(String what) {
        return new Hook(type, method, descriptor, entry, exit, onThrow, replaced, what, true);
    }

    /** A static call of {@code owner.name descriptor} with {@code values}. */
    public static Call call(String owner, String name, String descriptor, Value... values) {
        return new Call(owner, name, descriptor, List.of(values), -1, false);
    }

    /** Argument {@code index} of the method (0 is the first after {@code this}). */
    public static Value argument(int index) {
        return new Value(Value.Kind.ARGUMENT, index, null);
    }

    /** A string constant. */
    public static Value text(String constant) {
        return new Value(Value.Kind.TEXT, -1, constant);
    }

    /** Whether this hook applies to method {@code name descriptor} of access {@code access}. */
    boolean matches(int access, String name, String methodDescriptor) {
        if ((access & (org.objectweb.asm.Opcodes.ACC_ABSTRACT | org.objectweb.asm.Opcodes.ACC_NATIVE)) != 0
                || (access & org.objectweb.asm.Opcodes.ACC_STATIC) != 0 && usesThis()) {
            return false;
        }
        boolean named = method.endsWith("*") ? name.startsWith(method.substring(0, method.length() - 1))
                && !name.startsWith("<") : name.equals(method);
        return named && (descriptor == null || methodDescriptor.startsWith(descriptor));
    }

    /** Whether the weaver must add locals to the method: for what the entry returned, a value returned, or a handler. */
    boolean needsLocals() {
        return onThrow || exit != null && (exit.takes(Value.Kind.ENTERED) || exit.takes(Value.Kind.RETURNED)
                || exit.returnsInstead());
    }

    private boolean usesThis() {
        return entry != null && entry.takes(Value.Kind.THIS) || exit != null && exit.takes(Value.Kind.THIS);
    }

    /**
     * One static call.
     *
     * @param replaces        for an entry call: the argument its result replaces, or -1
     * @param returnsInstead  for an exit call: whether its result is returned instead
     */
    public record Call(String owner, String name, String descriptor, List<Value> values, int replaces,
            boolean returnsInstead) {

        /** This call, whose result replaces argument {@code index}. */
        public Call replacing(int index) {
            return new Call(owner, name, descriptor, values, index, false);
        }

        /** This call at exit, whose result is returned instead. */
        public Call replacingReturn() {
            return new Call(owner, name, descriptor, values, -1, true);
        }

        Type returns() {
            return Type.getReturnType(descriptor);
        }

        /**
         * Whether this call takes a value of {@code kind}. Compares kinds, not values: a record's
         * {@code equals} is bootstrapped at its first call, which spins dozens of classes while the
         * hooks are woven before {@code main}.
         */
        boolean takes(Value.Kind kind) {
            for (Value value : values) {
                if (value.kind() == kind) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A value a call takes: see {@link #THIS}, {@link #LOOKUP}, {@link #ENTERED}, {@link #RETURNED},
     * {@link #NULL}, {@link #argument}, {@link #text}.
     */
    public record Value(Kind kind, int index, String text) {

        enum Kind { THIS, LOOKUP, ENTERED, RETURNED, NULL, ARGUMENT, TEXT }
    }
}
