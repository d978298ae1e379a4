package dev.charter.agent.instrument;

import dev.charter.agent.policy.ActionTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;

/** The policy's {@code actions} entries, looked up as the rewriter meets classes and methods. */
final class Targets {

    private final Map<String, List<ActionTarget>> methodsByClass = new HashMap<>();
    private final Map<String, ActionTarget> byAnnotation = new HashMap<>();
    private final List<byte[]> annotationDescriptors = new ArrayList<>();

    Targets(List<ActionTarget> targets) {
        for (ActionTarget target : targets) {
            if (target.annotation() != null) {
                byAnnotation.putIfAbsent(target.annotation(), target);
                annotationDescriptors.add(("L" + target.annotation().replace('.', '/') + ";")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                methodsByClass.computeIfAbsent(target.className(), name -> new ArrayList<>()).add(target);
            }
        }
    }

    /** From the class file alone: whether an entry may target this class ({@code internalName} with slashes). */
    boolean mayTarget(String internalName, byte[] classFile) {
        if (internalName != null && methodsByClass.containsKey(internalName.replace('/', '.'))) {
            return true;
        }
        for (byte[] descriptor : annotationDescriptors) {
            if (Bytes.contains(classFile, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** The entry that targets {@code method}, or {@code null}. */
    ActionTarget of(MethodDescription method) {
        if (!byAnnotation.isEmpty()) {
            for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
                ActionTarget target = byAnnotation.get(annotation.getAnnotationType().getName());
                if (target != null) {
                    return target;
                }
            }
        }
        List<ActionTarget> candidates = methodsByClass.get(method.getDeclaringType().asErasure().getName());
        if (candidates != null) {
            List<String> parameters = method.getParameters().asTypeList().asErasures().stream()
                    .map(TypeDefinition::getActualName).toList();
            for (ActionTarget target : candidates) {
                if (target.methodName().equals(method.getInternalName()) && target.parameterTypes().equals(parameters)) {
                    return target;
                }
            }
        }
        return null;
    }
}
