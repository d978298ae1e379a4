package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableModuleException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

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

    /**
     * A named module in a layer of its own, with no classes, that reads only {@code java.base}: one
     * that reads none of the test's unnamed modules, whatever other tests did to the boot layer's.
     */
    static Module isolatedModule() {
        String name = "charter.test.isolated";
        ModuleReference reference = new ModuleReference(ModuleDescriptor.newModule(name).build(), null) {
            @Override
            public ModuleReader open() {
                return new ModuleReader() {
                    @Override
                    public Optional<URI> find(String resource) {
                        return Optional.empty();
                    }

                    @Override
                    public Stream<String> list() {
                        return Stream.empty();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String wanted) {
                return wanted.equals(name) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
        Configuration resolved = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(name));
        return ModuleLayer.boot().defineModulesWithOneLoader(resolved, FakeJvm.class.getClassLoader()).findModule(name)
                .orElseThrow();
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
