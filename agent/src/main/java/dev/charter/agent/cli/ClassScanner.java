package dev.charter.agent.cli;

import dev.charter.agent.policy.ActionTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Finds the methods the agent would enforce in jar files and class directories by reading class
 * files, never loading them: scanning runs no code of the application. A method is listed with the
 * scope it declares: its {@code @ScopedAction}, else that of the policy's first {@code actions} entry
 * for an annotation it carries (run-time visible), else that of the entry naming it by signature, as the
 * agent chooses. Methods that only inherit a scope are not listed; they add none. Entries under
 * {@code META-INF/} (the versioned variants of a multi-release jar among them) are passed over.
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

    private static final String SCOPED_ACTION = "Ldev/charter/ScopedAction;";
    private static final String SPENDS = "Ldev/charter/Spends;";

    private final List<ScannedAction> actions = new ArrayList<>();
    private final Set<String> matched = new LinkedHashSet<>();
    /** The {@code annotated} entries by the annotation's descriptor, the first for each annotation. */
    private final Map<String, ActionTarget> byAnnotation = new HashMap<>();
    /** The {@code method} entries by class name. */
    private final Map<String, List<ActionTarget>> byClass = new HashMap<>();
    private int classes;

    private ClassScanner(List<ActionTarget> targets) {
        for (ActionTarget target : targets) {
            if (target.annotation() != null) {
                byAnnotation.putIfAbsent("L" + target.annotation().replace('.', '/') + ";", target);
            } else {
                byClass.computeIfAbsent(target.className(), name -> new ArrayList<>()).add(target);
            }
        }
    }

    /**
     * Scans each of {@code paths}: a directory (every class file below it), a jar file or one class
     * file, for methods declaring {@code @ScopedAction} or that one of {@code targets} names.
     */
    static Result scan(List<Path> paths, List<ActionTarget> targets) throws Unreadable {
        ClassScanner scanner = new ClassScanner(targets);
        for (Path path : paths) {
            try {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString());
                }
                if (Files.isDirectory(path)) {
                    scanner.directory(path);
                } else if (path.getFileName() != null && path.getFileName().toString().endsWith(".class")) {
                    scanner.read(Files.readAllBytes(path), path.toString());
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
        return new Result(Collections.unmodifiableList(scanner.actions), scanner.classes,
                Collections.unmodifiableSet(scanner.matched));
    }

    private void directory(Path root) throws IOException, Unreadable {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(file -> file.toString().endsWith(".class") && Files.isRegularFile(file)).sorted().toList();
        }
        for (Path file : files) {
            if (!root.relativize(file).startsWith("META-INF")) {
                read(Files.readAllBytes(file), file.toString());
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
                    read(in.readAllBytes(), path + "!/" + entry.getName());
                }
            }
        }
    }

    private void read(byte[] bytes, String file) throws Unreadable {
        try {
            new ClassReader(bytes).accept(new Declarations(file), ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            // ASM reports a truncated or foreign file, or a class file version it does not know, this way
            throw new Unreadable(file + ": not a readable class file (" + e + ")", e);
        }
        classes++;
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

    /** Collects the annotated methods of one class file. */
    private final class Declarations extends ClassVisitor {

        private final String file;
        private String type;
        private String packagePath;
        private String sourceFile;
        private String internalName;
        /** The name the agent gives an entry's {@code {class}}: the class's simple name. */
        private String simpleName;

        Declarations(String file) {
            super(Opcodes.ASM9);
            this.file = file;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            internalName = name;
            type = name.replace('/', '.');
            int slash = name.lastIndexOf('/');
            packagePath = slash < 0 ? "" : name.substring(0, slash + 1);
            simpleName = name.substring(slash + 1);
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            if (name.equals(internalName)) {
                simpleName = innerName == null ? "" : innerName;
            }
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new Method(name, descriptor);
        }

        /** One method: whether it declares the annotation, its scope, and its first line. */
        private final class Method extends MethodVisitor {

            private final String name;
            private final String descriptor;
            private boolean annotated;
            private String scope;
            private final List<String> annotations = new ArrayList<>();
            private int firstLine = Integer.MAX_VALUE;
            private boolean spends;

            Method(String name, String descriptor) {
                super(Opcodes.ASM9);
                this.name = name;
                this.descriptor = descriptor;
            }

            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                if (visible) {
                    annotations.add(annotation);
                }
                if (!annotation.equals(SCOPED_ACTION)) {
                    return null;
                }
                annotated = true;
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String element, Object value) {
                        if (element.equals("value") && value instanceof String text) {
                            scope = text;
                        }
                    }
                };
            }

            @Override
            public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                spends |= annotation.equals(SPENDS);
                return null;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                firstLine = Math.min(firstLine, line);
            }

            @Override
            public void visitEnd() {
                List<String> parameters = new ArrayList<>();
                for (Type parameter : Type.getArgumentTypes(descriptor)) {
                    parameters.add(parameter.getClassName());
                }
                ActionTarget target = target(parameters);
                if (!annotated && target == null) {
                    return;
                }
                String method = name + "(" + String.join(",", parameters) + ")";
                String source = sourceFile == null ? null
                        : packagePath + sourceFile + (firstLine == Integer.MAX_VALUE ? "" : ":" + firstLine);
                actions.add(annotated ? new ScannedAction(type, method, scope, source, file, null, spends)
                        : new ScannedAction(type, method, target.scopeFor(simpleName, name), source, file, target.rule(),
                                target.spends() >= 0));
            }

            /** The entry the agent would take this method's scope from; notes every entry that names it. */
            private ActionTarget target(List<String> parameters) {
                ActionTarget chosen = null;
                for (String annotation : annotations) {
                    ActionTarget target = byAnnotation.get(annotation);
                    if (target != null) {
                        matched.add(target.rule());
                        chosen = chosen == null ? target : chosen;
                    }
                }
                for (ActionTarget target : byClass.getOrDefault(type, List.of())) {
                    if (target.methodName().equals(name) && target.parameterTypes().equals(parameters)) {
                        matched.add(target.rule());
                        chosen = chosen == null ? target : chosen;
                    }
                }
                return chosen;
            }
        }
    }
}
