package dev.charter.agent.policy;

import java.util.List;

/**
 * An {@code actions} entry: code to enforce that carries no {@code @ScopedAction} — one method named
 * by signature, or every method carrying an annotation. Overrides and implementations of a targeted
 * method are enforced too, as with the annotation.
 *
 * @param rule the entry's {@code file:line}
 * @param className the class of a {@code method} entry, else {@code null}
 * @param methodName the method of a {@code method} entry, else {@code null}
 * @param parameterTypes its parameter types as Java writes them ({@code java.lang.String}, {@code long},
 *                       {@code byte[]}), else {@code null}
 * @param annotation the annotation of an {@code annotated} entry, else {@code null}
 * @param scope the scope; in an {@code annotated} entry it may name {@code {class}} and {@code {method}}
 * @param actsOn the index of the argument that names the resource, or -1
 * @param spends the index of the argument that is the amount, or -1
 */
public record ActionTarget(String rule, String className, String methodName, List<String> parameterTypes,
        String annotation, String scope, int actsOn, int spends) {

    /** The scope of a targeted method of class {@code simpleClassName} named {@code method}. */
    public String scopeFor(String simpleClassName, String method) {
        return scope.replace("{class}", simpleClassName).replace("{method}", method);
    }

    /** What the entry targets, as a person reads it. */
    public String target() {
        return annotation != null ? "methods annotated @" + annotation
                : className + "#" + methodName + "(" + String.join(",", parameterTypes) + ")";
    }
}
