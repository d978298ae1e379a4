package dev.charter.agent.instrument;

import dev.charter.agent.policy.ActionTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The one definition of which methods Charter enforces, and how: the agent's transformer and
 * {@code check --scan} both ask it, from class files, so they cannot disagree.
 *
 * <p>A method with a body is enforced when it carries {@code @ScopedAction}, when an {@code actions}
 * entry targets it, or when it overrides or implements (bridges folded into the method they call)
 * an instance method of a supertype that is enforced. A class that inherits, from a superclass that
 * is not enforced, the implementation of an enforced interface method gets an override that checks.
 *
 * <p>What a method's code and the policy say combine so: the scope is the method's own
 * {@code @ScopedAction}, else its entries'; the resource argument is the {@code @ActsOn} parameter or
 * an entry's {@code acts-on}, the amount the {@code @Spends} parameter or an entry's {@code spends},
 * and where both name one they must name the same; two entries matching one method must say exactly
 * the same (scope, {@code acts-on}, {@code spends}). An override's own
 * declaration replaces what it inherits. Whatever cannot be enforced as declared — sources that
 * disagree, an argument index beyond the parameters, a spend that is not a number — makes the method
 * refuse every call, with the cause and the policy line.
 */
public final class ScopedMatcher {

    static final String SCOPED_ACTION = "Ldev/charter/ScopedAction;";
    private static final String ACTS_ON = "Ldev/charter/ActsOn;";
    private static final String SPENDS = "Ldev/charter/Spends;";
    /** The class attribute the rewriter leaves, so that no class is ever rewritten twice. */
    static final String MARK = "dev.charter.Rewritten";
    private static final Set<String> NUMBERS = Set.of("B", "S", "I", "J", "F", "D", "Ljava/lang/Byte;",
            "Ljava/lang/Short;", "Ljava/lang/Integer;", "Ljava/lang/Long;", "Ljava/lang/Float;", "Ljava/lang/Double;",
            "Ljava/lang/Number;", "Ljava/math/BigDecimal;", "Ljava/math/BigInteger;",
            "Ljava/util/concurrent/atomic/AtomicInteger;", "Ljava/util/concurrent/atomic/AtomicLong;",
            "Ljava/util/concurrent/atomic/LongAdder;", "Ljava/util/concurrent/atomic/DoubleAdder;",
            "Ljava/util/concurrent/atomic/LongAccumulator;", "Ljava/util/concurrent/atomic/DoubleAccumulator;");

    /** A class file, or one of its supertypes, that cannot be read: the class cannot be matched. */
    public static final class Unreadable extends Exception {

        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * What the matcher found in one class file.
     *
     * @param name      the class's internal name
     * @param methods   the methods to enforce, in the order declared; overrides to add last
     * @param rewritten whether the class carries the rewriter's mark already
     * @param entries   the {@code file:line} of every {@code actions} entry that targets a method the class declares
     * @param abstracts the abstract methods the class declares scoped: nothing to rewrite, but what
     *                  their implementations will enforce
     * @param executor  whether the class is a {@code java.util.concurrent.Executor}, through any of its
     *                  supertypes: its submission methods take the {@link Propagation} executor hooks
     */
    public record ClassMatch(String name, List<ScopedMethod> methods, boolean rewritten, Set<String> entries,
            List<ScopedMethod> abstracts, boolean executor) {

        /** The class's binary name, {@code com.acme.Refunds}. */
        public String className() {
            return name.replace('/', '.');
        }
    }

    private final Map<String, List<ActionTarget>> byClass = new HashMap<>();
    /** The {@code annotated} entries, by the annotation's descriptor. */
    private final Map<String, List<ActionTarget>> annotatedTargets = new HashMap<>();
    private final List<byte[]> annotations = new ArrayList<>();

    /** @param targets the policy's {@code actions} entries */
    public ScopedMatcher(List<ActionTarget> targets) {
        annotations.add(SCOPED_ACTION.getBytes(StandardCharsets.US_ASCII));
        for (ActionTarget target : targets) {
            if (target.annotation() != null) {
                String descriptor = "L" + target.annotation().replace('.', '/') + ";";
                if (!annotatedTargets.containsKey(descriptor)) {
                    annotations.add(descriptor.getBytes(StandardCharsets.UTF_8));
                }
                add(annotatedTargets, descriptor, target);
            } else {
                add(byClass, target.className().replace('.', '/'), target);
            }
        }
    }

    /** Adds {@code target} to the list of {@code key}: a plain method, where a lambda would be spun at every start. */
    private static void add(Map<String, List<ActionTarget>> targets, String key, ActionTarget target) {
        List<ActionTarget> listed = targets.get(key);
        if (listed == null) {
            listed = new ArrayList<>();
            targets.put(key, listed);
        }
        listed.add(target);
    }

    /**
     * Matches one class file. Cheap for the many classes that name no scoped annotation, are targeted
     * by no entry and whose supertypes are known to have no scoped method: their bytes are searched,
     * their header read, and nothing more.
     *
     * @param classFile  the class file as it will be defined
     * @param hierarchy  what is known of types through the defining loader; this class is added to it
     * @return what to enforce; an empty list when nothing
     * @throws Unreadable when the class file or a supertype's cannot be read
     */
    public ClassMatch match(byte[] classFile, Hierarchy hierarchy) throws Unreadable {
        if (!mayDeclare(classFile)) {
            ClassHeader.Header header = ClassHeader.read(classFile);
            if (header != null && !byClass.containsKey(header.name())) {
                Hierarchy.Type type = inheritedOnly(header, hierarchy);
                if (type.scoped().isEmpty()) {
                    hierarchy.remember(header.name(), type);
                    return new ClassMatch(header.name(), List.of(), false, Set.of(), List.of(), type.executor());
                }
            }
        }
        return new Reading(classFile, hierarchy).match();
    }

    /** Whether the bytes name an annotation that can make a method scoped (its absence is proof). */
    private boolean mayDeclare(byte[] classFile) {
        for (byte[] descriptor : annotations) {
            if (Bytes.contains(classFile, descriptor)) {
                return true;
            }
        }
        return false;
    }

    private Hierarchy.Type inheritedOnly(ClassHeader.Header header, Hierarchy hierarchy) throws Unreadable {
        Map<String, ScopedMethod> scoped = new LinkedHashMap<>();
        boolean executor = inherit(header.name(), header.superName(), header.interfaces(), hierarchy, scoped);
        return new Hierarchy.Type(header.superName(), header.interfaces(), Map.copyOf(scoped), executor);
    }

    /** Puts what the supertypes declare or inherit as scoped {@code into}; returns whether one of them is an executor. */
    private boolean inherit(String name, String superName, List<String> interfaces, Hierarchy hierarchy,
            Map<String, ScopedMethod> into) throws Unreadable {
        boolean executor = false;
        if (superName != null) {
            Hierarchy.Type type = type(superName, name, hierarchy);
            putAbsent(type.scoped(), into);
            executor = type.executor();
        }
        for (String implemented : interfaces) {
            Hierarchy.Type type = type(implemented, name, hierarchy);
            putAbsent(type.scoped(), into);
            executor |= type.executor();
        }
        return executor;
    }

    /** {@code into.putIfAbsent} of each of {@code scoped}: a loop, where a method reference is spun as the first class loads. */
    private static void putAbsent(Map<String, ScopedMethod> scoped, Map<String, ScopedMethod> into) {
        for (Map.Entry<String, ScopedMethod> method : scoped.entrySet()) {
            into.putIfAbsent(method.getKey(), method.getValue());
        }
    }

    /** What {@code internalName} declares or inherits as scoped, read through {@code hierarchy} once. */
    private Hierarchy.Type type(String internalName, String subtype, Hierarchy hierarchy) throws Unreadable {
        Hierarchy.Type known = hierarchy.known(internalName);
        if (known != null) {
            return known;
        }
        byte[] classFile = hierarchy.read(internalName, subtype);
        if (classFile == null || classFile == Hierarchy.JDK) {
            Hierarchy.Type type = classFile == null ? Hierarchy.Type.NONE : Hierarchy.jdk(internalName);
            hierarchy.remember(internalName, type);
            return type;
        }
        Reading reading = new Reading(classFile, hierarchy);
        reading.match();
        return hierarchy.known(internalName) != null ? hierarchy.known(internalName) : Hierarchy.Type.NONE;
    }

    /** One method as declared: its access, annotations and parameter annotations. */
    private static final class Declared {
        final int access;
        final String name;
        final String descriptor;
        final List<String> annotations = new ArrayList<>();
        String scope;
        boolean scopedAction;
        final List<Integer> actsOn = new ArrayList<>();
        final List<Integer> spends = new ArrayList<>();

        Declared(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }

        String key() {
            return name + descriptor;
        }

        boolean hasBody() {
            return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
        }

        boolean isVirtual() {
            return (access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0;
        }
    }

    /** Reads one class file and decides. */
    private final class Reading extends ClassVisitor {

        private final byte[] classFile;
        private final Hierarchy hierarchy;
        private String name;
        private String superName;
        private List<String> interfaces;
        private boolean isInterface;
        private String simpleName;
        private boolean rewritten;
        private final List<Declared> methods = new ArrayList<>();
        private final Set<String> entries = new LinkedHashSet<>();

        Reading(byte[] classFile, Hierarchy hierarchy) {
            super(Opcodes.ASM9);
            this.classFile = classFile;
            this.hierarchy = hierarchy;
        }

        ClassMatch match() throws Unreadable {
            try {
                new ClassReader(classFile).accept(this, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                        | ClassReader.SKIP_FRAMES);
            } catch (RuntimeException e) {
                throw new Unreadable("not a readable class file: " + e);
            }
            Map<String, ScopedMethod> inherited = new LinkedHashMap<>();
            boolean executor = inherit(name, superName, interfaces, hierarchy, inherited);
            Map<String, ScopedMethod> scopedHere = new LinkedHashMap<>(); // the type's instance methods, for subtypes
            List<ScopedMethod> enforced = new ArrayList<>();
            List<ScopedMethod> abstracts = new ArrayList<>();
            Map<String, ScopedMethod> bridges = new LinkedHashMap<>();
            Map<String, Declared> byKey = new HashMap<>();
            for (Declared method : methods) {
                byKey.put(method.key(), method);
            }
            for (Declared method : methods) {
                if (method.name.startsWith("<")) {
                    continue;
                }
                ScopedMethod own = own(method);
                ScopedMethod scoped = own != null ? own
                        : method.isVirtual() && inherited.containsKey(method.key())
                        ? inherited.get(method.key()).on(method.name, method.descriptor, false) : null;
                if (scoped == null) {
                    continue;
                }
                if (method.isVirtual()) {
                    scopedHere.put(method.key(), scoped);
                }
                if ((method.access & Opcodes.ACC_NATIVE) != 0) {
                    enforced.add(scoped.refused("a native method cannot take the check (" + scoped.origin() + ")"));
                    continue;
                }
                if (!method.hasBody()) {
                    if (own != null) {
                        abstracts.add(own);
                    }
                    continue;
                }
                if ((method.access & Opcodes.ACC_BRIDGE) != 0) {
                    bridges.put(method.key(), scoped);
                } else {
                    enforced.add(scoped);
                }
            }
            enforced.addAll(bridgeTargets(bridges, byKey, enforced));
            inherited.forEach(scopedHere::putIfAbsent);
            if (!isInterface) {
                Map<String, ScopedMethod> fromSuper = superName == null ? Map.of() : type(superName, name, hierarchy).scoped();
                for (Map.Entry<String, ScopedMethod> entry : inherited.entrySet()) {
                    String key = entry.getKey();
                    if (!byKey.containsKey(key) && !fromSuper.containsKey(key) && superclassImplements(key)) {
                        ScopedMethod declaration = entry.getValue();
                        enforced.add(declaration.on(declaration.name(), declaration.descriptor(), true));
                    }
                }
            }
            hierarchy.remember(name, new Hierarchy.Type(superName, interfaces, Map.copyOf(scopedHere), executor));
            List<ScopedMethod> checked = new ArrayList<>(enforced.size());
            for (ScopedMethod method : enforced) {
                checked.add(fit(method));
            }
            List<ScopedMethod> declaredAbstract = new ArrayList<>(abstracts.size());
            for (ScopedMethod method : abstracts) {
                declaredAbstract.add(fit(method));
            }
            return new ClassMatch(name, List.copyOf(checked), rewritten, Set.copyOf(entries), List.copyOf(declaredAbstract),
                    executor);
        }

        /**
         * The methods that bridges call, checked instead of the bridges so that a call through the
         * bridge is checked once, and a direct call too.
         */
        private List<ScopedMethod> bridgeTargets(Map<String, ScopedMethod> bridges, Map<String, Declared> byKey,
                List<ScopedMethod> enforced) {
            if (bridges.isEmpty()) {
                return List.of();
            }
            Map<String, String> targets = new HashMap<>();
            new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                        String[] exceptions) {
                    String bridge = method + descriptor;
                    if (!bridges.containsKey(bridge)) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
                                boolean onInterface) {
                            if (owner.equals(name) && called.equals(method) && !targets.containsKey(bridge)) {
                                targets.put(bridge, called + calledDescriptor);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            List<ScopedMethod> found = new ArrayList<>();
            bridges.forEach((bridge, declaration) -> {
                Declared target = byKey.get(targets.get(bridge));
                if (target == null || !target.hasBody()) {
                    found.add(declaration); // nothing to fold it into: check the bridge itself
                } else if (enforced.stream().noneMatch(m -> (m.name() + m.descriptor()).equals(target.key()))
                        && found.stream().noneMatch(m -> (m.name() + m.descriptor()).equals(target.key()))) {
                    found.add(declaration.on(target.name, target.descriptor, false));
                }
            });
            return found;
        }

        /**
         * Whether a superclass implements {@code key} (name and descriptor): then this class inherits an
         * implementation of an interface's scoped method from a class that does not know it is scoped.
         */
        private boolean superclassImplements(String key) throws Unreadable {
            for (String at = superName; at != null; ) {
                byte[] file = at.startsWith("java/") ? null : hierarchy.read(at, name);
                if (file == null || file == Hierarchy.JDK) {
                    file = jdk(at);
                }
                if (file == null) {
                    return false;
                }
                String[] superOfAt = {null};
                boolean[] implemented = {false};
                new ClassReader(file).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(int version, int access, String type, String signature, String superClass,
                            String[] implementedInterfaces) {
                        superOfAt[0] = superClass;
                    }

                    @Override
                    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                            String[] exceptions) {
                        implemented[0] |= (method + descriptor).equals(key) && (access & (Opcodes.ACC_ABSTRACT
                                | Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0;
                        return null;
                    }
                }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                if (implemented[0]) {
                    return true;
                }
                at = superOfAt[0];
            }
            return false;
        }

        /** The class file of a JDK class, as the platform loader finds it, or {@code null}. */
        private static byte[] jdk(String internalName) {
            try (InputStream in = ClassLoader.getPlatformClassLoader()
                    .getResourceAsStream(internalName + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }

        /** The method's own declaration, by its annotations and the entries that target it, or {@code null}. */
        private ScopedMethod own(Declared method) {
            List<ActionTarget> entries = new ArrayList<>();
            for (String annotation : method.annotations) {
                entries.addAll(annotatedTargets.getOrDefault(annotation, List.of()));
            }
            List<String> parameters = new ArrayList<>();
            for (Type parameter : Type.getArgumentTypes(method.descriptor)) {
                parameters.add(parameter.getClassName());
            }
            for (ActionTarget target : byClass.getOrDefault(name, List.of())) {
                if (target.methodName().equals(method.name) && target.parameterTypes().equals(parameters)) {
                    entries.add(target);
                }
            }
            entries.forEach(entry -> this.entries.add(entry.rule()));
            if (!method.scopedAction && entries.isEmpty()) {
                return null;
            }
            String here = name.replace('/', '.') + "#" + method.name;
            String origin = method.scopedAction ? "@ScopedAction on " + here : entries.get(0).rule();
            String scope = method.scopedAction ? method.scope : entries.get(0).scopeFor(simpleName, method.name);
            ScopedMethod declared = new ScopedMethod(method.name, method.descriptor, scope,
                    method.actsOn.isEmpty() ? -1 : method.actsOn.get(0),
                    method.spends.isEmpty() ? -1 : method.spends.get(0), origin, null, false);
            if (method.actsOn.size() > 1 || method.spends.size() > 1) {
                return declared.refused("more than one " + (method.actsOn.size() > 1 ? "@ActsOn" : "@Spends")
                        + " parameter on " + here);
            }
            if (scope == null) {
                return declared.refused("@ScopedAction without a scope on " + here);
            }
            ActionTarget first = null;
            for (ActionTarget entry : entries) {
                String entryScope = entry.scopeFor(simpleName, method.name);
                if (first != null && (!entryScope.equals(first.scopeFor(simpleName, method.name))
                        || entry.actsOn() != first.actsOn() || entry.spends() != first.spends())) {
                    return declared.refused("the actions entries " + first.rule() + " and " + entry.rule()
                            + " disagree about " + here);
                }
                first = first == null ? entry : first;
                String clash = clash("acts-on", declared.actsOn(), entry.actsOn(), entry.rule(), origin);
                if (clash == null) {
                    clash = clash("spends", declared.spends(), entry.spends(), entry.rule(), origin);
                }
                if (clash != null) {
                    return declared.refused(clash);
                }
                declared = new ScopedMethod(method.name, method.descriptor, scope,
                        declared.actsOn() >= 0 ? declared.actsOn() : entry.actsOn(),
                        declared.spends() >= 0 ? declared.spends() : entry.spends(), origin, null, false);
            }
            return declared;
        }

        private static String clash(String role, int code, int entry, String rule, String origin) {
            return code >= 0 && entry >= 0 && code != entry
                    ? "the actions entry " + rule + " says " + role + ": " + entry + " but " + origin
                    + " marks parameter " + code : null;
        }

        /** The method as declared, or refused when its argument roles do not fit its parameters. */
        private ScopedMethod fit(ScopedMethod method) {
            if (method.refusal() != null) {
                return method;
            }
            Type[] parameters = Type.getArgumentTypes(method.descriptor());
            String where = name.replace('/', '.') + "#" + method.signature();
            for (int[] role : new int[][] {{method.actsOn(), 0}, {method.spends(), 1}}) {
                if (role[0] >= parameters.length) {
                    return method.refused((role[1] == 0 ? "acts-on: " : "spends: ") + role[0] + " (" + method.origin()
                            + ") does not fit " + where + ", which has " + parameters.length + " parameter"
                            + (parameters.length == 1 ? "" : "s"));
                }
            }
            if (method.spends() >= 0 && !isNumber(parameters[method.spends()])) {
                return method.refusedForItsAmount(parameters[method.spends()].getClassName());
            }
            return method;
        }

        private boolean isNumber(Type type) {
            if (NUMBERS.contains(type.getDescriptor())) {
                return true;
            }
            if (type.getSort() != Type.OBJECT || type.getInternalName().startsWith("java/")) {
                return false;
            }
            try {
                for (String at = type.getInternalName(); at != null && !at.startsWith("java/"); ) {
                    byte[] file = hierarchy.read(at, name);
                    ClassHeader.Header header = file == null || file == Hierarchy.JDK ? null : ClassHeader.read(file);
                    if (header == null) {
                        return false;
                    }
                    if ("java/lang/Number".equals(header.superName())) {
                        return true;
                    }
                    at = header.superName();
                }
            } catch (Unreadable e) {
                return false;
            }
            return false;
        }

        @Override
        public void visit(int version, int access, String className, String signature, String superClass,
                String[] implemented) {
            name = className;
            superName = superClass;
            interfaces = implemented == null ? List.of() : List.of(implemented);
            isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            simpleName = className.substring(className.lastIndexOf('/') + 1);
        }

        @Override
        public void visitInnerClass(String inner, String outerName, String innerName, int access) {
            if (inner.equals(name)) {
                simpleName = innerName == null ? "" : innerName;
            }
        }

        @Override
        public void visitAttribute(Attribute attribute) {
            rewritten |= attribute.type.equals(MARK);
        }

        @Override
        public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                String[] exceptions) {
            Declared declared = new Declared(access, method, descriptor);
            methods.add(declared);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    if (visible) {
                        declared.annotations.add(annotation);
                    }
                    if (!annotation.equals(SCOPED_ACTION)) {
                        return null;
                    }
                    declared.scopedAction = true;
                    return new AnnotationVisitor(Opcodes.ASM9) {
                        @Override
                        public void visit(String element, Object value) {
                            if (element.equals("value") && value instanceof String text) {
                                declared.scope = text;
                            }
                        }
                    };
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                    if (annotation.equals(ACTS_ON)) {
                        declared.actsOn.add(parameter);
                    } else if (annotation.equals(SPENDS)) {
                        declared.spends.add(parameter);
                    }
                    return null;
                }
            };
        }
    }
}
