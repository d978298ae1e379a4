package dev.charter.agent.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Hook}s in force, by the name of the class they hook: a class that no hook names costs
 * one map lookup (and, for names with a {@code $}, a comparison with each {@code outer$*} hook). The
 * hooks on {@link Hook#EXECUTORS} apply to the classes the matcher finds to be executors.
 */
final class Hooks {

    private final List<Hook> all;
    private final Map<String, List<Hook>> byType = new HashMap<>();
    private final Map<String, List<Hook>> nestedIn = new HashMap<>();
    private final List<Hook> executors = new ArrayList<>();

    /** Hooks for {@code all}. */
    Hooks(List<Hook> all) {
        this.all = List.copyOf(all);
        for (Hook hook : all) { // no lambdas: each one costs a class spun at start
            if (hook.type().equals(Hook.EXECUTORS)) {
                executors.add(hook);
                continue;
            }
            boolean nested = hook.type().endsWith("$*");
            Map<String, List<Hook>> by = nested ? nestedIn : byType;
            String key = nested ? hook.type().substring(0, hook.type().length() - 2) : hook.type();
            List<Hook> hooks = by.get(key);
            if (hooks == null) {
                hooks = new ArrayList<>();
                by.put(key, hooks);
            }
            hooks.add(hook);
        }
    }

    List<Hook> all() {
        return all;
    }

    /** The hooks of class {@code internalName}, the first listed running outermost; empty when none. */
    List<Hook> of(String internalName) {
        if (internalName == null) {
            return List.of();
        }
        List<Hook> named = byType.getOrDefault(internalName, List.of());
        if (nestedIn.isEmpty() || internalName.indexOf('$') < 0) {
            return named;
        }
        List<Hook> nested = null;
        for (Map.Entry<String, List<Hook>> outer : nestedIn.entrySet()) {
            String prefix = outer.getKey();
            if (internalName.length() > prefix.length() && internalName.charAt(prefix.length()) == '$'
                    && internalName.startsWith(prefix)) {
                nested = outer.getValue();
            }
        }
        if (nested == null) {
            return named;
        }
        List<Hook> both = new ArrayList<>(named);
        both.addAll(nested);
        return both;
    }

    /**
     * Whether {@code classFile} is an interface: a hook on one weaves only default methods, and a JDK
     * class that became an interface in a later release (JDK 25's {@code StructuredTaskScope}) has none.
     */
    private static boolean isInterface(byte[] classFile) {
        return (new org.objectweb.asm.ClassReader(classFile).getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
    }

    /** A required hook that cannot be woven: the class may not be defined as it is. */
    static final class Unhookable extends Exception {
        private static final long serialVersionUID = 1L;

        Unhookable(String message) {
            super(message);
        }
    }

    /**
     * {@code classFile} with its hooks woven in, or {@code null} when it has none or they match no
     * method. A hook that cannot be woven leaves the class as it is, and says what goes undone; so
     * does a hook on this very class (not {@code outer$*}) that matches none of its methods: the
     * library changed under it.
     *
     * @throws Unhookable when a required hook cannot be woven, or when none of the required hooks
     *                    naming this very class matches a method of it
     */
    byte[] weave(String internalName, byte[] classFile) throws Unhookable {
        List<Hook> hooks = of(internalName);
        if (hooks.isEmpty()) {
            return null;
        }
        boolean[] matched = new boolean[hooks.size()];
        byte[] woven;
        try {
            woven = HookWeaver.weave(classFile, hooks, matched);
        } catch (RuntimeException | LinkageError e) {
            failed(internalName, hooks, e);
            return null;
        }
        boolean named = false;
        boolean requiredMatched = false;
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            if (hook.type().equals(internalName) && hook.required()) {
                named = true;
                requiredMatched |= matched[i];
            }
        }
        if (named && !requiredMatched && !isInterface(classFile)) {
            Hook required = firstRequired(hooks, internalName, true);
            throw new Unhookable("Charter found no method " + describe(required) + " to hook in "
                    + internalName.replace('/', '.') + ": " + required.consequence());
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            if (!matched[i] && hook.type().equals(internalName) && !isInterface(classFile)) {
                System.getLogger("dev.charter").log(System.Logger.Level.ERROR, "Charter found no method "
                        + describe(hook) + " to hook in " + internalName.replace('/', '.') + ": " + hook.consequence());
            }
        }
        return woven;
    }

    /**
     * {@code classFile}, of a class the matcher found to be an executor, with the {@link Hook#EXECUTORS}
     * hooks woven into those of their methods that it declares with a body; {@code null} when it declares none.
     *
     * @throws Unhookable when they cannot be woven and one is required
     */
    byte[] weaveExecutor(String internalName, byte[] classFile) throws Unhookable {
        if (executors.isEmpty() || !Propagation.carriesThrough(internalName)) {
            return null;
        }
        try {
            return HookWeaver.weave(classFile, executors);
        } catch (RuntimeException | LinkageError e) {
            failed(internalName, executors, e);
            return null;
        }
    }

    /** {@code hooks} could not be woven into {@code internalName}: fails if one is required, and says so if none is. */
    private static void failed(String internalName, List<Hook> hooks, Throwable e) throws Unhookable {
        String problem = "Charter could not rewrite " + internalName.replace('/', '.') + ": ";
        Hook required = firstRequired(hooks, internalName, false);
        if (required != null) {
            throw new Unhookable(problem + required.consequence() + ": " + e);
        }
        System.getLogger("dev.charter").log(System.Logger.Level.ERROR, problem + hooks.get(0).consequence() + ": " + e);
    }

    /** The first required hook, of this very class only when {@code exact}; {@code null} when none. */
    private static Hook firstRequired(List<Hook> hooks, String internalName, boolean exact) {
        for (Hook hook : hooks) {
            if (hook.required() && (!exact || hook.type().equals(internalName))) {
                return hook;
            }
        }
        return null;
    }

    private static String describe(Hook hook) {
        return hook.method() + (hook.descriptor() == null ? "" : hook.descriptor());
    }
}
