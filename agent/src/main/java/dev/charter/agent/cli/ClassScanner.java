package dev.charter.agent.cli;

import dev.charter.agent.instrument.Hierarchy;
import dev.charter.agent.instrument.ScopedMatcher;
import dev.charter.agent.instrument.ScopedMethod;
import dev.charter.agent.policy.ActionTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Finds the methods the agent would enforce in jar files and class directories by reading class
 * files, never loading them: scanning runs no code of the application. It asks the agent's own
 * {@link ScopedMatcher}, so a method is listed exactly when the agent would check it, with the scope
 * and arguments the agent would use, or with the reason the agent would refuse every call of it;
 * abstract methods declared scoped are listed too, as what their implementations will need.
 * Supertypes are read from the scanned paths and the JDK; one found in neither is taken to declare
 * nothing (the agent, which sees every class, would know). Entries under {@code META-INF/} (the
 * versioned variants of a multi-release jar among them) are passed over.
 */
final class ClassScanner {

    /**
     * What a scan found: the actions in the order read, how many class files it read, and the rules
     * ({@code file:line}) of the {@code actions} entries that target some method it read.
     */
    record Result(List<ScannedAction> actions, int classes, Set<String> matchedEntries) {
    }

    /** A path that could not be scanned; the message names it and says why. */
    static final class Unreadable extends Exception {

        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Class files by internal name, and where each was read, in the order scanned. */
    private final Map<String, byte[]> classFiles = new LinkedHashMap<>();
    private final Map<String, String> files = new HashMap<>();

    private ClassScanner() {
    }

    /**
     * Scans each of {@code paths}: a directory (every class file below it), a jar file or one class
     * file, for the methods the agent would enforce under {@code targets}.
     */
    static Result scan(List<Path> paths, List<ActionTarget> targets) throws Unreadable {
        ClassScanner scanner = new ClassScanner();
        for (Path path : paths) {
            try {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString());
                }
                if (Files.isDirectory(path)) {
                    scanner.directory(path);
                } else if (path.getFileName() != null && path.getFileName().toString().endsWith(".class")) {
                    scanner.add(Files.readAllBytes(path), path.toString());
                } else {
                    scanner.jar(path);
                }
            } catch (ZipException e) {
                throw new Unreadable(path + ": not a jar file, class file or directory", e);
            } catch (IOException e) {
                throw new Unreadable(path + ": cannot read: " + why(e), e);
            } catch (UncheckedIOException e) {
                throw new Unreadable(path + ": cannot read: " + why(e.getCause()), e);
            }
        }
        return scanner.match(new ScopedMatcher(targets));
    }

    private Result match(ScopedMatcher matcher) throws Unreadable {
        Hierarchy hierarchy = new Hierarchy(this::supertype, null, false);
        List<ScannedAction> actions = new ArrayList<>();
        Set<String> matched = new LinkedHashSet<>();
        for (Map.Entry<String, byte[]> entry : classFiles.entrySet()) {
            String file = files.get(entry.getKey());
            ScopedMatcher.ClassMatch match;
            try {
                match = matcher.match(entry.getValue(), hierarchy);
            } catch (ScopedMatcher.Unreadable e) {
                throw new Unreadable(file + ": " + e.getMessage(), e);
            }
            matched.addAll(match.entries());
            if (match.methods().isEmpty() && match.abstracts().isEmpty()) {
                continue;
            }
            Lines lines = new Lines(entry.getValue());
            List<ScopedMethod> methods = new ArrayList<>(match.methods());
            methods.addAll(match.abstracts());
            for (int i = 0; i < methods.size(); i++) {
                ScopedMethod method = methods.get(i);
                String origin = method.origin();
                actions.add(new ScannedAction(match.className(), method.signature(), method.scope(),
                        lines.source(method), file, origin.startsWith("@") ? null : origin, method.actsOn(), method.spends(),
                        i < match.methods().size(), method.reason()));
            }
        }
        return new Result(Collections.unmodifiableList(actions), classFiles.size(), Collections.unmodifiableSet(matched));
    }

    /** A supertype's class file: from the scanned paths, else the JDK's, else none. */
    private byte[] supertype(String internalName) {
        byte[] scanned = classFiles.get(internalName);
        if (scanned != null) {
            return scanned;
        }
        URL jdk = ClassLoader.getPlatformClassLoader().getResource(internalName + ".class");
        return jdk != null ? Hierarchy.JDK : null;
    }

    private void directory(Path root) throws IOException, Unreadable {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(root)) {
            found = walk.filter(file -> file.toString().endsWith(".class") && Files.isRegularFile(file)).sorted().toList();
        }
        for (Path file : found) {
            if (!root.relativize(file).startsWith("META-INF")) {
                add(Files.readAllBytes(file), file.toString());
            }
        }
    }

    private void jar(Path path) throws IOException, Unreadable {
        try (ZipFile jar = new ZipFile(path.toFile())) {
            List<? extends ZipEntry> entries = jar.stream()
                    .filter(entry -> !entry.isDirectory() && entry.getName().endsWith(".class")
                            && !entry.getName().startsWith("META-INF/"))
                    .sorted((a, b) -> a.getName().compareTo(b.getName()))
                    .toList();
            for (ZipEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    add(in.readAllBytes(), path + "!/" + entry.getName());
                }
            }
        }
    }

    private void add(byte[] bytes, String file) throws Unreadable {
        String name;
        try {
            name = new ClassReader(bytes).getClassName();
        } catch (RuntimeException e) {
            // ASM reports a truncated or foreign file, or a class file version it does not know, this way
            throw new Unreadable(file + ": not a readable class file (" + e + ")", e);
        }
        if (classFiles.putIfAbsent(name, bytes) == null) {
            files.put(name, file);
        }
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The source file of one class and the first line of each of its methods. */
    private static final class Lines extends ClassVisitor {

        private String packagePath = "";
        private String sourceFile;
        private final Map<String, Integer> firstLines = new HashMap<>();

        Lines(byte[] classFile) {
            super(Opcodes.ASM9);
            new ClassReader(classFile).accept(this, ClassReader.SKIP_FRAMES);
        }

        /** {@code com/acme/Refunds.java:14}, or the file without a line, or {@code null} when the class file does not say. */
        String source(ScopedMethod method) {
            Integer line = firstLines.get(method.name() + method.descriptor());
            return sourceFile == null ? null : packagePath + sourceFile + (line == null || method.inherited() ? "" : ":" + line);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            int slash = name.lastIndexOf('/');
            packagePath = slash < 0 ? "" : name.substring(0, slash + 1);
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String key = name + descriptor;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitLineNumber(int line, Label start) {
                    firstLines.merge(key, line, Math::min);
                }
            };
        }
    }
}
