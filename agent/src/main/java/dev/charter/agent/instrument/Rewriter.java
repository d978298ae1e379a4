package dev.charter.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.charter.agent.enforce.Actions;
import dev.charter.agent.policy.ActionTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Rewrites every scoped method so that its entry calls the gate. Retransforms classes already
 * loaded, and never changes a class's shape, so it works on attach as well as at launch.
 */
public final class Rewriter {

    private Rewriter() {
    }

    /**
     * The agent builder that rewrites scoped methods, registering each as an action in {@code actions}.
     *
     * @param targets the policy's {@code actions} entries: methods to rewrite that carry no annotation
     * @param loadedToo whether classes loaded already are rewritten too: when attaching to a running
     *                  JVM; before {@code main} none of them can have scoped methods
     */
    public static AgentBuilder agentBuilder(Actions actions, List<ActionTarget> targets, boolean loadedToo) {
        ScopedTypes scopedTypes = new ScopedTypes(new Targets(targets));
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(loadedToo ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(TypePools.perClassLoader())
                .with(new FailureListener())
                .with(rewriter -> new SkipRewritten(rewriter, scopedTypes))
                .ignore(nameStartsWith("java.")
                        .or(nameStartsWith("javax."))
                        .or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun."))
                        .or(nameStartsWith("dev.charter.agent."))
                        .or(nameStartsWith("dev.charter.shaded."))
                        .or(isSynthetic()))
                .or(any(), isBootstrapClassLoader())
                .type((type, loader, module, redefined, domain) -> scopedTypes.matches(type, loader))
                .transform((builder, type, loader, module, domain) -> {
                    Map<MethodDescription.SignatureToken, SiteMappings.Site> sites =
                            register(type, scopedTypes.methods(), actions);
                    return builder.visit(SiteMappings.advice(sites).on(method -> sites.containsKey(method.asSignatureToken())));
                });
    }

    private static Map<MethodDescription.SignatureToken, SiteMappings.Site> register(TypeDescription type,
            ScopedMethods methods, Actions actions) {
        Map<MethodDescription.SignatureToken, SiteMappings.Site> sites = new HashMap<>();
        methods.of(type).forEach((signature, declaration) -> sites.put(signature, new SiteMappings.Site(
                actions.register(declaration.scope(), describe(type, signature),
                        declaration.actsOn() >= 0, declaration.spends() >= 0, nonNumericSpend(signature, declaration)),
                declaration)));
        return sites;
    }

    /** The type of the {@code @Spends} parameter when it cannot hold a number, else {@code null}. */
    private static String nonNumericSpend(MethodDescription.SignatureToken signature, ScopedMethods.Declaration declaration) {
        if (declaration.spends() < 0) {
            return null;
        }
        TypeDescription type = signature.getParameterTypes().get(declaration.spends());
        boolean number;
        try {
            number = type.isPrimitive()
                    ? !type.represents(boolean.class) && !type.represents(char.class)
                    : type.isAssignableTo(Number.class);
        } catch (RuntimeException unresolvable) {
            number = false; // a type whose ancestry cannot be read cannot be shown to be a number
        }
        return number ? null : type.getActualName();
    }

    /** {@code com.acme.Refunds#refund(java.lang.String,long)}, as audit records and the policy name methods. */
    static String describe(TypeDescription type, MethodDescription.SignatureToken signature) {
        StringJoiner parameters = new StringJoiner(",", "(", ")");
        signature.getParameterTypes().forEach(parameter -> parameters.add(parameter.getActualName()));
        return type.getActualName() + '#' + signature.getName() + parameters;
    }
}
