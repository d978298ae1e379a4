package dev.charter.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes the agent's copy of package {@code dev.charter} — the API and the gate — the one every class
 * loader resolves: defined in the boot class loader before the application loads anything, so
 * parent-first loaders find it before the application's own copy. Defined there directly, not
 * through a jar appended to the boot class path, which would print a JVM warning and turn class-data
 * sharing off for the application. When attaching to a JVM whose application already loaded the
 * API, the gate is defined beside that copy instead, so that both read the same bindings.
 */
final class SharedClasses {

    private static final String PACKAGE = "dev/charter/";

    private SharedClasses() {
    }

    /** Returns whether the shared classes are in the boot class loader, where the JDK's own classes see them. */
    static boolean install(Instrumentation instrumentation) throws IOException {
        Class<?> loadedApi = loadedApi(instrumentation);
        if (loadedApi == null) {
            defineInBootLoader(instrumentation);
            return true;
        }
        if (loadedApi.getClassLoader() != null) {
            defineGateBeside(loadedApi);
            return false;
        }
        return true;
    }

    /**
     * Defines every class of package {@code dev.charter} (not its subpackages) in the boot loader, with
     * the JDK's internal {@code Unsafe.defineClass}, which the agent may call once {@code java.base}
     * exports it to the agent: the one way to put classes there without the boot class path.
     */
    private static void defineInBootLoader(Instrumentation instrumentation) throws IOException {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(SharedClasses.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Object unsafe;
        Method define;
        try {
            Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
            unsafe = type.getMethod("getUnsafe").invoke(null);
            define = type.getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                    ProtectionDomain.class);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot define the Charter API in the boot class loader: " + e, e);
        }
        Map<String, byte[]> pending = classes();
        while (!pending.isEmpty()) {
            int before = pending.size();
            NoClassDefFoundError missing = null;
            for (Iterator<Map.Entry<String, byte[]>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, byte[]> entry = it.next();
                byte[] bytes = entry.getValue();
                try {
                    define.invoke(unsafe, entry.getKey(), bytes, 0, bytes.length, null, null);
                    it.remove();
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError notYet)) {
                        throw new IOException("cannot define " + entry.getKey() + " in the boot class loader: "
                                + e.getCause(), e.getCause());
                    }
                    missing = notYet; // its supertype is among those still pending: next round
                } catch (IllegalAccessException e) {
                    throw new IOException("cannot define " + entry.getKey() + " in the boot class loader: " + e, e);
                }
            }
            if (pending.size() == before) {
                throw new IOException("cannot define " + pending.keySet() + " in the boot class loader: " + missing, missing);
            }
        }
    }

    /**
     * The top-level classes of package {@code dev.charter} in the agent jar: the API's and the runtime's.
     * Their nested classes are read from each one's {@code NestMembers}, so that no name the compiler
     * makes up is written here. Named rather than found by listing the jar, whose thousands of entries
     * would take longer to list than the rest of the start; {@code SharedClassesTest} checks the names.
     */
    static final List<String> TOP_LEVEL = List.of("ActsOn", "Carry", "Charter", "Frameworks", "Gate", "Governor",
            "HiddenClasses", "HttpPassports", "ScopeViolation", "ScopedAction", "Spends");

    /** The class files of package {@code dev.charter} (not its subpackages) in the agent jar, by binary name. */
    private static Map<String, byte[]> classes() throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile agent = new JarFile(agentJar().toFile())) {
            for (String name : TOP_LEVEL) {
                byte[] host = read(agent, PACKAGE + name);
                classes.put(PACKAGE.replace('/', '.') + name, host);
                new ClassReader(host).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitNestMember(String nested) {
                        classes.putIfAbsent(nested.replace('/', '.'), null);
                    }
                }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            }
            for (Map.Entry<String, byte[]> nested : classes.entrySet()) {
                if (nested.getValue() == null) {
                    nested.setValue(read(agent, nested.getKey().replace('.', '/')));
                }
            }
        }
        return classes;
    }

    private static byte[] read(JarFile agent, String internalName) throws IOException {
        JarEntry entry = agent.getJarEntry(internalName + ".class");
        if (entry == null) {
            throw new IOException("the Charter agent jar has no " + internalName + ".class");
        }
        try (InputStream in = agent.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** The application's {@code dev.charter.Charter}, if it is loaded already (only when attaching). */
    private static Class<?> loadedApi(Instrumentation instrumentation) {
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getName().equals("dev.charter.Charter")) {
                return loaded;
            }
        }
        return null;
    }

    private static Path agentJar() throws IOException {
        try {
            return Path.of(SharedClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot locate the Charter agent jar", e);
        }
    }

    /** Defines the gate's classes in the package and class loader of the application's API copy. */
    private static void defineGateBeside(Class<?> api) throws IOException {
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(api, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IOException("cannot define the Charter gate beside " + api + " in " + api.getClassLoader(), e);
        }
        try (JarFile agent = new JarFile(agentJar().toFile())) {
            // nested types first: the gate refers to them
            for (String name : List.of("Gate$Row", "Gate$Enforcer", "Gate")) {
                if (exists(api.getClassLoader(), "dev.charter." + name)) {
                    continue;
                }
                try (InputStream in = agent.getInputStream(agent.getEntry(PACKAGE + name + ".class"))) {
                    lookup.defineClass(in.readAllBytes());
                } catch (IllegalAccessException e) {
                    throw new IOException("cannot define dev.charter." + name + " beside " + api, e);
                }
            }
        }
    }

    private static boolean exists(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

}
