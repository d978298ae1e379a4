package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.frameworks.LangChain4j;
import dev.charter.agent.frameworks.SpringAi;
import dev.charter.agent.passport.PassportInstrumentation;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Every call the agent's hooks weave names a public static method of the runtime that exists, as written. */
class DeclaredHooksTest {

    @Test
    void everyHookCall_isAPublicStaticMethodOfTheRuntime() throws Exception {
        List<Hook> hooks = new ArrayList<>(Propagation.hooks());
        hooks.addAll(LangChain4j.hooks());
        hooks.addAll(SpringAi.hooks());
        hooks.addAll(HiddenClassRewriting.hooks());
        hooks.addAll(PassportInstrumentation.hooks());
        for (Hook hook : hooks) {
            for (Hook.Call call : new Hook.Call[] {hook.entry(), hook.exit()}) {
                if (call != null) {
                    assertTrue(exists(call), hook + " calls a method that does not exist");
                }
            }
        }
    }

    /** The JDKs Charter runs on: the one running the tests, and Temurin 25 where it is installed. */
    static List<Path> jdks() {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isDirectory(jdk25.resolve("lib")) && !homes.contains(jdk25)) {
            homes.add(jdk25);
        }
        return homes;
    }

    /**
     * Each hook into a JDK class names a method that JDK has: a hook that matches nothing is woven
     * nowhere and says nothing. Virtual threads' executor and the structured task scope are absent from JDK 17.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void everyHookIntoTheJdk_matchesAMethodOfIt(Path home) throws Exception {
        List<Hook> hooks = new ArrayList<>(Propagation.hooks());
        hooks.addAll(HiddenClassRewriting.hooks());
        hooks.addAll(PassportInstrumentation.hooks());
        List<String> unmatched = new ArrayList<>();
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", home.toString()))) {
            for (Hook hook : hooks) {
                if (hook.type().endsWith("$*") || hook.type().startsWith("jakarta/") || hook.type().equals(Hook.EXECUTORS)) {
                    continue;
                }
                byte[] classFile = classFile(jrt, hook.type());
                boolean loom = hook.type().contains("StructuredTaskScope") || hook.type().contains("ThreadPerTask");
                if (loom && (classFile == null || (new ClassReader(classFile).getAccess() & Opcodes.ACC_INTERFACE) != 0)) {
                    continue; // JDK 19+ only; on JDK 25 the scope is an interface, its implementation a class of its own
                }
                if (classFile == null || HookWeaver.weave(classFile, List.of(hook)) == null) {
                    unmatched.add(hook.type() + "#" + hook.method() + hook.descriptor());
                }
            }
        }
        assertEquals(List.of(), unmatched, home.toString());
    }

    private static byte[] classFile(FileSystem jrt, String type) throws IOException {
        try (Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : modules.toList()) {
                Path file = module.resolve(type + ".class");
                if (Files.exists(file)) {
                    return Files.readAllBytes(file);
                }
            }
        }
        return null;
    }

    private static boolean exists(Hook.Call call) throws ClassNotFoundException {
        Class<?> owner = Class.forName(call.owner().replace('/', '.'));
        for (Method method : owner.getMethods()) {
            if (method.getName().equals(call.name()) && Type.getMethodDescriptor(method).equals(call.descriptor())
                    && Modifier.isStatic(method.getModifiers())) {
                return true;
            }
        }
        return false;
    }
}
