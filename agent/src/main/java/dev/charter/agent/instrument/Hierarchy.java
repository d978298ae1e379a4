package dev.charter.agent.instrument;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The supertypes {@link ScopedMatcher} has met through one class loader (or one scan): what each
 * declares or inherits as scoped, and whether it is an {@link Executor}, read once from its class
 * file and then remembered.
 */
public final class Hierarchy {

    /** Where class files come from. */
    public interface ClassFiles {

        /**
         * The class file of {@code internalName} ({@code com/acme/Refunds}), or {@code null} when there is none.
         * {@link #JDK} when it is the JDK's own: such types never carry scoped methods.
         */
        byte[] read(String internalName) throws IOException;
    }

    /** What {@link ClassFiles#read} returns for a class of the JDK itself. */
    public static final byte[] JDK = new byte[0];

    /**
     * One type, as far as the matcher needs it.
     *
     * @param superName  its superclass ({@code null} for {@code Object} and interfaces' own)
     * @param interfaces its direct interfaces
     * @param scoped     its instance methods that are scoped, declared or inherited, by name and descriptor
     * @param executor   whether it is a {@code java.util.concurrent.Executor}
     */
    record Type(String superName, List<String> interfaces, Map<String, ScopedMethod> scoped, boolean executor) {

        static final Type NONE = new Type(null, List.of(), Map.of(), false);
        /** A JDK type that is an executor: it declares nothing scoped, but its subtypes carry identities. */
        static final Type JDK_EXECUTOR = new Type(null, List.of(), Map.of(), true);
    }

    /** Whether each JDK type asked about is an executor; one JDK serves every loader. */
    private static final Map<String, Boolean> JDK_EXECUTORS = new ConcurrentHashMap<>();

    private final ClassFiles files;
    private final Hierarchy parent;
    private final boolean strict;
    private final Map<String, Type> known = new ConcurrentHashMap<>();

    /**
     * @param parent where types of a parent class loader are remembered, or {@code null}
     * @param strict whether a supertype without a class file is an error (the agent) or taken to
     *               declare nothing (a scan, which sees only what it was given)
     */
    public Hierarchy(ClassFiles files, Hierarchy parent, boolean strict) {
        this.files = files;
        this.parent = parent;
        this.strict = strict;
    }

    Type known(String internalName) {
        if (internalName.startsWith("java/")) {
            return jdk(internalName); // only the boot and platform loaders may define java.*
        }
        for (Hierarchy at = this; at != null; at = at.parent) {
            Type type = at.known.get(internalName);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    /**
     * A type of the JDK's: it declares nothing scoped; whether it is an executor is asked of the JDK,
     * which defines every type a class of the application can extend under that name. The class is
     * loaded without being initialized (no code of it runs), and most such supertypes ({@code Object},
     * {@code Runnable}, {@code AbstractExecutorService}) are loaded already; reading its class file and
     * its supertypes' would only work out again what the JVM knows. A type the JDK does not have
     * cannot be the supertype of a class that loads, so it is taken to be no executor.
     */
    static Type jdk(String internalName) {
        Boolean executor = JDK_EXECUTORS.get(internalName);
        if (executor == null) {
            try {
                executor = Executor.class.isAssignableFrom(Class.forName(internalName.replace('/', '.'), false,
                        ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException | LinkageError absent) {
                executor = false;
            }
            JDK_EXECUTORS.put(internalName, executor);
        }
        return executor ? Type.JDK_EXECUTOR : Type.NONE;
    }

    void remember(String internalName, Type type) {
        known.put(internalName, type);
    }

    /** The class file of a supertype, {@link #JDK}, or {@code null} when a scan may take it to declare nothing. */
    byte[] read(String internalName, String subtype) throws ScopedMatcher.Unreadable {
        byte[] classFile;
        try {
            classFile = files.read(internalName);
        } catch (IOException | RuntimeException e) {
            throw new ScopedMatcher.Unreadable("cannot read " + internalName.replace('/', '.') + ", a supertype of "
                    + subtype.replace('/', '.') + ": " + e);
        }
        if (classFile == null && strict) {
            throw new ScopedMatcher.Unreadable("no class file for " + internalName.replace('/', '.')
                    + ", a supertype of " + subtype.replace('/', '.') + ", so its scoped methods cannot be known");
        }
        return classFile;
    }
}
