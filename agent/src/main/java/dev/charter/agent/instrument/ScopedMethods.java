package dev.charter.agent.instrument;

import dev.charter.agent.policy.ActionTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;

/**
 * Finds the methods of a type that need an entry check: those annotated {@code @ScopedAction} or
 * named by the policy's {@code actions}, and those that override or implement such a method of a
 * supertype. Annotations are matched by name, from class files, so nothing is loaded to decide.
 */
final class ScopedMethods {

    static final String SCOPED_ACTION = "dev.charter.ScopedAction";
    static final String ACTS_ON = "dev.charter.ActsOn";
    static final String SPENDS = "dev.charter.Spends";

    /** Where a scoped method's scope and argument roles are declared. */
    record Declaration(String scope, int actsOn, int spends) {
    }

    private final Targets targets;

    ScopedMethods(Targets targets) {
        this.targets = targets;
    }

    /**
     * Whether {@code type} declares, or inherits from a non-JDK supertype, any scoped method.
     *
     * @param known what is known already of other types, by name; the supertypes examined are added
     */
    boolean any(TypeDescription type, Map<String, Boolean> known) {
        return declaresScoped(type) || anyInSupertypes(type, known);
    }

    private boolean anyInSupertypes(TypeDefinition type, Map<String, Boolean> known) {
        for (TypeDefinition supertype : supertypes(type)) {
            if (isJdk(supertype.asErasure().getName())) {
                continue;
            }
            String name = supertype.asErasure().getName();
            Boolean scoped = known.get(name);
            if (scoped == null) {
                scoped = declaresScoped(supertype) || anyInSupertypes(supertype, known);
                known.put(name, scoped);
            }
            if (scoped) {
                return true;
            }
        }
        return false;
    }

    private boolean declaresScoped(TypeDefinition type) {
        for (MethodDescription method : type.getDeclaredMethods()) {
            if (declaration(method) != null) {
                return true;
            }
        }
        return false;
    }

    /** The declarations that apply to methods {@code type} declares with a body, by the method's signature. */
    Map<MethodDescription.SignatureToken, Declaration> of(TypeDescription type) {
        Map<MethodDescription.SignatureToken, Declaration> checked = new LinkedHashMap<>();
        for (MethodDescription method : type.getDeclaredMethods()) {
            Declaration own = declaration(method);
            if (own != null && hasBody(method)) {
                checked.put(method.asSignatureToken(), own);
            }
        }
        Map<MethodDescription.TypeToken, Declaration> inherited = new HashMap<>();
        collectInherited(type, inherited);
        if (inherited.isEmpty()) {
            return checked;
        }
        // the method graph folds bridges into the methods they call, so generic overrides match too
        for (MethodGraph.Node node : MethodGraph.Compiler.DEFAULT.compile((TypeDefinition) type).listNodes()) {
            MethodDescription method = node.getRepresentative();
            if (!method.getDeclaringType().asErasure().equals(type) || !hasBody(method)
                    || checked.containsKey(method.asSignatureToken())) {
                continue;
            }
            for (MethodDescription.TypeToken signature : node.getMethodTypes()) {
                Declaration declaration = inherited.get(signature);
                if (declaration != null) {
                    checked.put(method.asSignatureToken(), declaration);
                    break;
                }
            }
        }
        return checked;
    }

    /** Scoped declarations of all non-JDK supertypes, nearest first: a nearer one wins. */
    private void collectInherited(TypeDefinition type, Map<MethodDescription.TypeToken, Declaration> into) {
        for (TypeDefinition supertype : supertypes(type)) {
            if (isJdk(supertype.asErasure().getName())) {
                continue;
            }
            for (MethodDescription method : supertype.asErasure().getDeclaredMethods()) {
                Declaration declaration = declaration(method);
                if (declaration != null && method.isVirtual()) {
                    into.putIfAbsent(method.asTypeToken(), declaration);
                }
            }
            collectInherited(supertype, into);
        }
    }

    private static List<TypeDefinition> supertypes(TypeDefinition type) {
        List<TypeDefinition> all = new ArrayList<>();
        TypeDescription.Generic superClass = type.getSuperClass();
        if (superClass != null) {
            all.add(superClass);
        }
        all.addAll(type.getInterfaces());
        return all;
    }

    /** Whether {@code name} (binary, with dots) is the JDK's: such types never carry scoped methods. */
    static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    private static boolean hasBody(MethodDescription method) {
        return method.isMethod() && !method.isAbstract() && !method.isNative();
    }

    /** The scope and argument roles {@code method} declares itself, by annotation or an actions entry, or {@code null}. */
    private Declaration declaration(MethodDescription method) {
        AnnotationDescription scoped = scopedAction(method.getDeclaredAnnotations());
        if (scoped == null) {
            ActionTarget target = targets.of(method);
            return target == null ? null : new Declaration(
                    target.scopeFor(method.getDeclaringType().asErasure().getSimpleName(), method.getInternalName()),
                    target.actsOn(), target.spends());
        }
        int actsOn = -1;
        int spends = -1;
        for (ParameterDescription parameter : method.getParameters()) {
            for (AnnotationDescription annotation : parameter.getDeclaredAnnotations()) {
                String name = annotation.getAnnotationType().getName();
                if (name.equals(ACTS_ON) && actsOn < 0) {
                    actsOn = parameter.getIndex();
                } else if (name.equals(SPENDS) && spends < 0) {
                    spends = parameter.getIndex();
                }
            }
        }
        return new Declaration(scoped.getValue("value").resolve(String.class), actsOn, spends);
    }

    private static AnnotationDescription scopedAction(AnnotationList annotations) {
        for (AnnotationDescription annotation : annotations) {
            if (annotation.getAnnotationType().getName().equals(SCOPED_ACTION)) {
                return annotation;
            }
        }
        return null;
    }
}
