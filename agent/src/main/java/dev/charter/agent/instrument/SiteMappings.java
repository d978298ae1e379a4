package dev.charter.agent.instrument;

import dev.charter.agent.enforce.ActionSite;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.function.ToIntFunction;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.Advice.OffsetMapping;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;

/** Binds {@link EntryAdvice}'s parameters, method by method, to the actions of one rewritten type. */
final class SiteMappings {

    /** A rewritten method: its registered action and where its arguments come from. */
    record Site(ActionSite action, ScopedMethods.Declaration declaration) {
    }

    private static final TypeDescription.Generic OBJECT = TypeDescription.ForLoadedType.of(Object.class).asGenericType();

    private SiteMappings() {
    }

    static Advice advice(Map<MethodDescription.SignatureToken, Site> sites) {
        return Advice.withCustomMapping()
                .bind(factory(EntryAdvice.Action.class, (type, method, assigner, arguments, sort) ->
                        new OffsetMapping.Target.ForStackManipulation(
                                IntegerConstant.forValue(site(sites, method).action().id()))))
                .bind(factory(EntryAdvice.Resource.class, argument(sites, s -> s.declaration().actsOn())))
                .bind(factory(EntryAdvice.Spend.class, argument(sites, s -> s.declaration().spends())))
                .to(EntryAdvice.class);
    }

    private static Site site(Map<MethodDescription.SignatureToken, Site> sites, MethodDescription method) {
        Site site = sites.get(method.asSignatureToken());
        if (site == null) {
            throw new IllegalStateException("no Charter action for " + method);
        }
        return site;
    }

    /** The argument at the index {@code which} names, boxed to {@code Object}, or {@code null} when it is -1. */
    private static OffsetMapping argument(Map<MethodDescription.SignatureToken, Site> sites, ToIntFunction<Site> which) {
        return (type, method, assigner, arguments, sort) -> {
            int index = which.applyAsInt(site(sites, method));
            if (index < 0) {
                return new OffsetMapping.Target.ForStackManipulation(NullConstant.INSTANCE);
            }
            ParameterDescription parameter = method.getParameters().get(index);
            return new OffsetMapping.ForArgument.Resolved(OBJECT, true,
                    Assigner.Typing.DYNAMIC, parameter).resolve(type, method, assigner, arguments, sort);
        };
    }

    private static <T extends Annotation> OffsetMapping.Factory<T> factory(Class<T> annotation, OffsetMapping mapping) {
        return new OffsetMapping.Factory<>() {
            @Override
            public Class<T> getAnnotationType() {
                return annotation;
            }

            @Override
            public OffsetMapping make(ParameterDescription.InDefinedShape target,
                    AnnotationDescription.Loadable<T> annotation, AdviceType adviceType) {
                return mapping;
            }
        };
    }
}
