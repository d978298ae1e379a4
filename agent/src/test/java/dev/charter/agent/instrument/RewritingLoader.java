package dev.charter.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A throwaway class loader that defines the fixture classes as the agent's transformer rewrites them. */
final class RewritingLoader extends ClassLoader {

    static final String FIXTURES = "dev.charter.fixture.";

    private final ClassFileTransformer transformer;
    /** Class files as defined, by class name: rewritten ones only. */
    final Map<String, byte[]> rewritten = new ConcurrentHashMap<>();

    RewritingLoader(ClassFileTransformer transformer) {
        super(RewritingLoader.class.getClassLoader());
        this.transformer = transformer;
    }

    static byte[] classFile(String name) {
        try (InputStream in = RewritingLoader.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] transform(String name, byte[] classFile) {
        try {
            return transformer.transform(null, this, name.replace('.', '/'), null, null, classFile);
        } catch (IllegalClassFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(FIXTURES)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] original = classFile(name);
                byte[] changed = transform(name, original);
                if (changed != null) {
                    rewritten.put(name, changed);
                }
                byte[] defined = changed == null ? original : changed;
                loaded = defineClass(name, defined, 0, defined.length);
            }
            return loaded;
        }
    }
}
