package dev.charter;

import java.lang.invoke.MethodHandles;
import java.util.function.BiFunction;

/**
 * Hands the class files of hidden classes — the classes behind lambdas and method references, and
 * those of {@code Lookup.defineHiddenClass} — to the agent before the JVM defines them, since no
 * class file transformer sees them. The JDK's {@code Lookup} calls {@link #classFile} once the agent
 * has rewritten it; without the agent it is never called.
 */
public final class HiddenClasses {

    private static volatile BiFunction<Class<?>, byte[], byte[]> rewriter;
    /** Set while the rewriter runs on this thread: hidden classes it makes itself pass as they are. */
    private static final ThreadLocal<Boolean> REWRITING = new ThreadLocal<>();

    private HiddenClasses() {
    }

    /**
     * Installs what rewrites hidden classes; allowed once per JVM, so nothing can replace the agent's.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(BiFunction<Class<?>, byte[], byte[]> chosen) {
        if (rewriter != null) {
            throw new IllegalStateException("a Charter rewriter of hidden classes is installed already");
        }
        rewriter = chosen;
    }

    /**
     * The class file to define as a hidden class of {@code lookup}: {@code classFile} with scoped
     * methods checked. Returns {@code classFile} itself when nothing is to be checked.
     *
     * @param lookup the {@code MethodHandles.Lookup} that defines it
     */
    public static byte[] classFile(Object lookup, byte[] classFile) {
        if (!(lookup instanceof MethodHandles.Lookup definer)) {
            return classFile;
        }
        Class<?> host = definer.lookupClass();
        BiFunction<Class<?>, byte[], byte[]> chosen = rewriter;
        if (chosen == null || classFile == null || REWRITING.get() != null) {
            return classFile;
        }
        REWRITING.set(Boolean.TRUE);
        try {
            byte[] rewritten = chosen.apply(host, classFile);
            return rewritten == null ? classFile : rewritten;
        } finally {
            REWRITING.remove();
        }
    }
}
