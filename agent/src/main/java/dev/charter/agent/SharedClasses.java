package dev.charter.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Makes the agent's copy of package {@code dev.charter} — the API and the gate — the one every class
 * loader resolves: appended to the bootstrap class path, so parent-first loaders find it before the
 * application's own copy. When attaching to a JVM whose application already loaded the API, the
 * gate is defined beside that copy instead, so that both read the same bindings.
 */
final class SharedClasses {

    private static final String PACKAGE = "dev/charter/";

    private SharedClasses() {
    }

    /** Returns whether the shared classes are on the bootstrap class path, where the JDK's own classes see them. */
    static boolean install(Instrumentation instrumentation) throws IOException {
        Class<?> loadedApi = loadedApi(instrumentation);
        if (loadedApi == null) {
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(extract().toFile()));
            return true;
        }
        if (loadedApi.getClassLoader() != null) {
            defineGateBeside(loadedApi);
            return false;
        }
        return true;
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

    /** Writes the classes of package {@code dev.charter} (not its subpackages) to a jar of their own. */
    private static Path extract() throws IOException {
        Path jar = Files.createTempFile("charter-shared-", ".jar");
        jar.toFile().deleteOnExit();
        try (JarFile agent = new JarFile(agentJar().toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (JarEntry entry : shared(agent)) {
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = agent.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<JarEntry> shared(JarFile agent) {
        List<JarEntry> shared = new ArrayList<>();
        for (Enumeration<JarEntry> entries = agent.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.startsWith(PACKAGE) && name.endsWith(".class") && name.indexOf('/', PACKAGE.length()) < 0) {
                shared.add(entry);
            }
        }
        return shared;
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
