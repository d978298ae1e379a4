package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableModuleException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** The JVM's side of {@link Instrumentation}, as far as tests of the {@link Rewriter} need it. */
final class FakeJvm {

    private FakeJvm() {
    }

    /**
     * A JVM where {@code loaded} is loaded already: a retransformation hands {@code classFile} to the
     * transformers, as {@code internalName}, and checks that each leaves the class as it is.
     */
    static Instrumentation retransforming(Class<?> loaded, String internalName, byte[] classFile) {
        List<ClassFileTransformer> transformers = new ArrayList<>();
        return (Instrumentation) Proxy.newProxyInstance(FakeJvm.class.getClassLoader(), new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "addTransformer" -> transformers.add((ClassFileTransformer) args[0]);
                        case "getAllLoadedClasses" -> {
                            return new Class<?>[] {loaded};
                        }
                        case "isModifiableClass" -> {
                            return true;
                        }
                        case "retransformClasses" -> {
                            for (ClassFileTransformer transformer : transformers) {
                                assertNull(transformer.transform(null, loaded.getClassLoader(), internalName, loaded, null,
                                        classFile));
                            }
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }

    /** A JVM that refuses to let any module read another, as it does for a module it cannot change. */
    static Instrumentation refusingModules() {
        return (Instrumentation) Proxy.newProxyInstance(FakeJvm.class.getClassLoader(), new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("redefineModule")) {
                        throw new UnmodifiableModuleException();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
