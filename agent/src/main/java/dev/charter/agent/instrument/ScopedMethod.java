package dev.charter.agent.instrument;

import org.objectweb.asm.Type;

/**
 * A method that Charter enforces, as {@link ScopedMatcher} found it in a class file.
 *
 * @param name       the method's name
 * @param descriptor its JVM descriptor, e.g. {@code (Ljava/lang/String;J)Ljava/lang/String;}
 * @param scope      the scope it needs
 * @param actsOn     the index of the parameter that names the resource, or -1
 * @param spends     the index of the parameter that is the amount, or -1
 * @param origin     where that was declared: {@code @ScopedAction on com.acme.Refunds}, or an entry's {@code file:line}
 * @param refusal    the reason every call is refused with, because it cannot be enforced as declared;
 *                   it names the cause and the origin. {@code null} when it is enforced normally
 * @param inherited  whether the class does not declare it: the class gets an override that checks, then calls
 *                   the implementation it inherits
 */
public record ScopedMethod(String name, String descriptor, String scope, int actsOn, int spends, String origin,
        String refusal, boolean inherited) {

    /** The same method, refused because it {@code cannot be enforced as declared: <why>}. */
    ScopedMethod refused(String why) {
        return new ScopedMethod(name, descriptor, scope, -1, -1, origin, "cannot be enforced as declared: " + why,
                inherited);
    }

    /** The same method, refused for an amount that is not a number: still naming the resource it acts on. */
    ScopedMethod refusedForItsAmount(String type) {
        return new ScopedMethod(name, descriptor, scope, actsOn, -1, origin, "its @Spends parameter is a " + type
                + ", not a number" + (origin.startsWith("@") ? "" : " (" + origin + ")"), inherited);
    }

    /** The same declaration on another method of the same signature (an override, or the method a bridge calls). */
    ScopedMethod on(String otherName, String otherDescriptor, boolean inheritedHere) {
        return new ScopedMethod(otherName, otherDescriptor, scope, actsOn, spends, origin, refusal, inheritedHere);
    }

    /** The reason every call is refused with, or {@code null} when the method is enforced normally. */
    public String reason() {
        return refusal;
    }

    /** {@code refund(java.lang.String,long)}, as the policy and the audit log name methods. */
    public String signature() {
        StringBuilder text = new StringBuilder(name).append('(');
        Type[] parameters = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < parameters.length; i++) {
            text.append(i == 0 ? "" : ",").append(parameters[i].getClassName());
        }
        return text.append(')').toString();
    }
}
