package dev.charter.agent.instrument;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Which types declare or inherit scoped methods, remembered per class loader as they are examined,
 * so that most class files are passed over from their bytes alone and each supertype is examined
 * once, not once per subclass.
 */
final class ScopedTypes {

    private static final byte[] ANNOTATION = "Ldev/charter/ScopedAction;".getBytes(StandardCharsets.US_ASCII);

    private final Cache<ClassLoader, Map<String, Boolean>> byLoader = Caffeine.newBuilder()
            .weakKeys()
            .executor(Runnable::run)
            .build();
    private final Map<String, Boolean> bootstrap = new ConcurrentHashMap<>();
    private final Targets targets;
    private final ScopedMethods methods;

    ScopedTypes(Targets targets) {
        this.targets = targets;
        this.methods = new ScopedMethods(targets);
    }

    ScopedMethods methods() {
        return methods;
    }

    private Map<String, Boolean> known(ClassLoader loader) {
        return loader == null ? bootstrap : byLoader.get(loader, ignored -> new ConcurrentHashMap<>());
    }

    /**
     * From the class file alone: {@code false} when it surely has no scoped method, because it names
     * no {@code @ScopedAction}, no actions entry targets it, and each supertype is the JDK's or known
     * to have none.
     */
    boolean mayHaveScoped(ClassLoader loader, String internalName, byte[] classFile) {
        if (Bytes.contains(classFile, ANNOTATION) || targets.mayTarget(internalName, classFile)) {
            return true;
        }
        List<String> supertypes = ClassHeader.supertypes(classFile);
        if (supertypes == null) {
            return true; // let the full parser say what is wrong with it
        }
        Map<String, Boolean> known = known(loader);
        for (String supertype : supertypes) {
            String name = supertype.replace('/', '.');
            if (!ScopedMethods.isJdk(name) && !Boolean.FALSE.equals(known.get(name))) {
                return true;
            }
        }
        return false;
    }

    /** Decides from Byte Buddy's description, and remembers the answer for the type and its supertypes. */
    boolean matches(TypeDescription type, ClassLoader loader) {
        Map<String, Boolean> known = known(loader);
        boolean scoped = methods.any(type, known);
        known.put(type.getName(), scoped);
        return scoped;
    }
}
