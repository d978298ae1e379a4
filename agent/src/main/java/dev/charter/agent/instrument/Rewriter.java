package dev.charter.agent.instrument;

import dev.charter.agent.enforce.ActionSite;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.policy.ActionTarget;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;

/**
 * The agent's class file transformer: asks {@link ScopedMatcher} what each class loaded by an
 * application class loader must enforce, and writes the check in with {@link EntryCode}; weaves the
 * {@link Hook}s that name a class, and those on {@link Hook#EXECUTORS} into the classes the matcher
 * finds to be executors.
 *
 * <p>It fails closed. A method that cannot be rewritten as declared (a method the check would grow
 * past 64 KB, an error while rewriting) refuses every call instead. A class whose scoped methods
 * cannot be known or rewritten at all is given a class file that the JVM refuses to define, so that
 * loading it throws a {@code NoClassDefFoundError} naming the cause: the JVM would otherwise define
 * the original, unchecked, whenever a transformer throws.
 *
 * <p>Exempt are only the classes that the boot or the platform class loader defines (the JDK's), and
 * the agent's own, by their class loader and code source, never by their name.
 */
public final class Rewriter implements ClassFileTransformer {


    private final ScopedMatcher matcher;
    private final Actions actions;
    private final Instrumentation instrumentation;
    private final Module gateModule;
    private final ClassLoader agentLoader;
    private final URL agentLocation;
    private volatile Hooks hooks;
    /** Why loaded classes whose required hooks could not be woven were left as they are, while installing. */
    private final List<String> unhookable = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<ClassLoader, Hierarchy> hierarchies = new WeakHashMap<>();
    /** With {@code -Dcharter.dump=DIR}, where every rewritten class file is written, to read with {@code javap -c}. */
    private final Path dump;

    private Rewriter(List<ActionTarget> targets, Actions actions, Instrumentation instrumentation, Hooks hooks) {
        this.matcher = new ScopedMatcher(targets);
        this.hooks = hooks;
        this.actions = actions;
        this.instrumentation = instrumentation;
        this.gateModule = dev.charter.Gate.class.getModule();
        this.agentLoader = Rewriter.class.getClassLoader();
        CodeSource source = Rewriter.class.getProtectionDomain().getCodeSource();
        this.agentLocation = source == null ? null : source.getLocation();
        String dumpTo = System.getProperty("charter.dump");
        this.dump = dumpTo == null ? null : directory(dumpTo);
    }

    /** The directory of {@code -Dcharter.dump}, made now: one that cannot be made stops the start. */
    private static Path directory(String dump) {
        try {
            return Files.createDirectories(Path.of(dump));
        } catch (IOException | InvalidPathException e) {
            throw new IllegalStateException("cannot create the directory of -Dcharter.dump=" + dump + ": " + e, e);
        }
    }

    /** A rewriter that also weaves {@code hooks}; {@link #install} it. */
    public static Rewriter of(Instrumentation instrumentation, Actions actions, List<ActionTarget> targets, List<Hook> hooks) {
        return new Rewriter(targets, actions, instrumentation, new Hooks(hooks));
    }

    /** Adds {@code more} hooks; before {@link #install} only. */
    public void hook(List<Hook> more) {
        List<Hook> all = new ArrayList<>(hooks.all());
        all.addAll(more);
        hooks = new Hooks(all);
    }

    /**
     * Installs the rewriter, and rewrites the classes loaded already that it would have rewritten: the
     * JDK's classes that hooks name, and the classes of application loaders (when attaching to a
     * running JVM, and before {@code main} those that an agent started before this one loaded).
     *
     * @throws UnmodifiableClassException if a loaded class with scoped methods cannot be rewritten
     * @throws UnsupportedOperationException if one needs a method added to check an implementation it
     *                                       inherits, which a loaded class cannot take: the start or the
     *                                       attach fails rather than leave it unchecked
     * @throws IllegalStateException if a loaded class's required hooks cannot be woven: likewise
     */
    public void install() throws UnmodifiableClassException {
        instrumentation.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            // only the agent's own loader needs the domain, and asking each of a thousand JDK classes for it is a call into the JVM
            boolean exempt = exempt(loader, loader == agentLoader ? type.getProtectionDomain() : null);
            List<Hook> named = hooks.of(type.getName().replace('.', '/'));
            if ((!exempt || !named.isEmpty()) && !type.isHidden()) {
                if (instrumentation.isModifiableClass(type)) {
                    loaded.add(type);
                } else if (requires(named)) {
                    unhookable.add("Charter cannot rewrite " + type.getName() + ", which this JVM does not let agents change");
                }
            }
        }
        if (!loaded.isEmpty()) {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        }
        if (!unhookable.isEmpty()) {
            throw new IllegalStateException(String.join("; ", unhookable));
        }
    }

    private static boolean requires(List<Hook> named) {
        for (Hook hook : named) {
            if (hook.required()) {
                return true;
            }
        }
        return false;
    }

    /** A hidden class's class file, rewritten, or {@code null} when it has nothing to check. */
    byte[] hidden(Class<?> host, byte[] classFile) {
        return transform(host.getModule(), host.getClassLoader(), null, null, host.getProtectionDomain(), classFile);
    }

    /** A rewriter without instrumentation (named modules are not taught to read the gate), for tests. */
    public static Rewriter forTest(List<ActionTarget> targets, Actions actions) {
        return new Rewriter(targets, actions, null, new Hooks(List.of()));
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) {
        String className = name; // a hidden class's comes from its class file
        try {
            byte[] hooked = hooks.weave(name, classFile);
            if (hooked != null) {
                readGate(module);
            }
            if (exempt(loader, domain)) {
                return hooked;
            }
            String what = name != null ? name.replace('/', '.') : "a hidden class";
            ScopedMatcher.ClassMatch match;
            try {
                match = matcher.match(hooked != null ? hooked : classFile, hierarchy(loader));
            } catch (ScopedMatcher.Unreadable | RuntimeException | LinkageError e) {
                ClassHeader.Header header = name == null ? ClassHeader.read(classFile) : null;
                return unloadable(header != null ? header.name() : name, what + ": " + (e instanceof ScopedMatcher.Unreadable ? e.getMessage() : e.toString()));
            }
            className = match.name();
            if (match.executor()) {
                byte[] carried = hooks.weaveExecutor(match.name(), hooked != null ? hooked : classFile);
                if (carried != null) {
                    readGate(module);
                    hooked = carried;
                }
            }
            if (match.methods().isEmpty() || match.rewritten()) {
                return hooked;
            }
            readGate(module);
            byte[] rewritten = rewrite(hooked != null ? hooked : classFile, match, what);
            if (dump != null) {
                write(match.name(), rewritten);
            }
            return rewritten;
        } catch (Hooks.Unhookable e) {
            // a transformer that throws has the original class defined: one being defined cannot load instead,
            // and a loaded class keeps its code while install() stops the start
            if (redefined == null) {
                return unloadable(className, e.getMessage());
            }
            unhookable.add(e.getMessage());
            return null;
        }
    }

    /**
     * Lets a named module's classes call the runtime classes of {@code dev.charter}.
     *
     * @throws Hooks.Unhookable when the JVM refuses: the class's checks and hooks could not reach the gate
     */
    private void readGate(Module module) throws Hooks.Unhookable {
        if (module != null && module.isNamed() && instrumentation != null && !module.canRead(gateModule)) {
            try {
                instrumentation.redefineModule(module, Set.of(gateModule), Map.of(), Map.of(), Set.of(), Map.of());
            } catch (RuntimeException e) {
                throw new Hooks.Unhookable("Charter cannot let module " + module.getName()
                        + " read its runtime classes, which its checks and hooks call: " + e);
            }
        }
    }

    private void write(String name, byte[] classFile) {
        try {
            Path file = dump.resolve(name + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, classFile);
        } catch (IOException | RuntimeException e) {
            System.getLogger("dev.charter").log(System.Logger.Level.WARNING, "Charter cannot write " + name + " to " + dump + ": " + e);
        }
    }

    /** Rewrites every method of {@code match}; refuses those that cannot take the check; else the class cannot load. */
    byte[] rewrite(byte[] classFile, ScopedMatcher.ClassMatch match, String what) {
        List<ScopedMethod> methods = new ArrayList<>(match.methods());
        String failure;
        while (true) { // ends: each turn refuses one more method, or leaves
            try {
                return EntryCode.rewrite(classFile, sites(match.className(), methods));
            } catch (MethodTooLargeException e) {
                if (!refuse(methods, e.getMethodName() + e.getDescriptor(),
                        "the check would make it larger than the 64 KB a method may have")) {
                    failure = e.toString();
                    break;
                }
            } catch (RuntimeException | LinkageError e) {
                failure = e.toString();
                break;
            }
        }
        // the rewriting itself failed: every scoped method refuses, and if even that cannot be written, no class
        String cause = failure;
        methods.replaceAll(method -> method.refusal() != null ? method
                : method.refused("rewriting failed: " + cause + " (" + method.origin() + ")"));
        try {
            return EntryCode.rewrite(classFile, sites(match.className(), methods));
        } catch (RuntimeException | LinkageError e) {
            return unloadable(match.name(), what + ": cannot rewrite its scoped methods: " + cause);
        }
    }

    private static boolean refuse(List<ScopedMethod> methods, String key, String why) {
        for (int i = 0; i < methods.size(); i++) {
            ScopedMethod method = methods.get(i);
            if ((method.name() + method.descriptor()).equals(key) && method.refusal() == null) {
                methods.set(i, method.refused(why + " (" + method.origin() + ")"));
                return true;
            }
        }
        return false;
    }

    private Map<String, EntryCode.Site> sites(String className, List<ScopedMethod> methods) {
        Map<String, EntryCode.Site> sites = new LinkedHashMap<>();
        for (ScopedMethod method : methods) {
            ActionSite action = actions.register(method.scope(), className + "#" + method.signature(),
                    method.actsOn() >= 0, method.spends() >= 0, method.reason());
            sites.put(method.name() + method.descriptor(), new EntryCode.Site(action.id(), method));
        }
        return sites;
    }

    /**
     * A class file that the JVM refuses to define, with {@code why} in the error: its superclass is a
     * class that cannot exist, named after the cause (with look-alikes of the characters a class name
     * may not hold). Loading the class throws {@code NoClassDefFoundError: charter cannot enforce <why>}.
     */
    static byte[] unloadable(String name, String why) {
        System.getLogger("dev.charter").log(System.Logger.Level.ERROR, "Charter refuses to load " + oneLine(why));
        StringBuilder missing = new StringBuilder("charter cannot enforce ");
        for (char c : oneLine(why).toCharArray()) {
            // look-alikes for the characters a class name may not hold, so the message reads as written
            missing.append(switch (c) {
                case '.' -> '\u2024';
                case '/' -> '\u2215';
                case ';' -> ',';
                case '[' -> '(';
                default -> c;
            });
        }
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name == null ? "charter/Unloadable" : name,
                null, missing.length() > 400 ? missing.substring(0, 400) : missing.toString(), null);
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
        return line.toString();
    }

    /** The JDK's classes and the agent's own: by class loader and code source, never by name. */
    private boolean exempt(ClassLoader loader, ProtectionDomain domain) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return true;
        }
        if (loader != agentLoader || agentLocation == null || domain == null) {
            return false;
        }
        CodeSource source = domain.getCodeSource();
        return source != null && agentLocation.equals(source.getLocation());
    }

    /** What is known of types through {@code loader}, and through its parents. */
    private Hierarchy hierarchy(ClassLoader loader) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return null;
        }
        synchronized (hierarchies) {
            Hierarchy known = hierarchies.get(loader);
            if (known == null) {
                known = new Hierarchy(new LoaderClassFiles(loader), hierarchy(loader.getParent()), true);
                hierarchies.put(loader, known);
            }
            return known;
        }
    }

    /** The class files {@code loader} finds: a class, where a lambda would be spun as the first class loads. */
    private static final class LoaderClassFiles implements Hierarchy.ClassFiles {
        private final ClassLoader loader;

        LoaderClassFiles(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public byte[] read(String internalName) throws IOException {
            return classFile(loader, internalName);
        }
    }

    /** A supertype's class file, as {@code loader} would find it; {@link Hierarchy#JDK} for the JDK's own. */
    private static byte[] classFile(ClassLoader loader, String internalName) throws IOException {
        URL url = loader.getResource(internalName + ".class");
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("jrt")) {
            return Hierarchy.JDK;
        }
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
