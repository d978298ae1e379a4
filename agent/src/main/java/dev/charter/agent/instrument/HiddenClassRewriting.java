package dev.charter.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.charter.HiddenClasses;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Rewrites hidden classes as they are defined: every way the JDK defines one (lambdas and method
 * references through the lambda metafactory, {@code Lookup.defineHiddenClass}) passes its class file
 * through one of {@code Lookup}'s {@code makeHiddenClassDefiner} methods, and their entry hands it
 * to {@link HiddenClasses}, which hands it to the {@link Rewriter}.
 */
public final class HiddenClassRewriting {

    private static final String LOOKUP = "java.lang.invoke.MethodHandles$Lookup";

    private HiddenClassRewriting() {
    }

    /** Installs it; needs the API in the boot loader, where {@code java.base} can call it. */
    public static void install(Instrumentation instrumentation, Rewriter rewriter) {
        HiddenClasses.install(rewriter::hidden);
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(HiddenClassRewriting::lookup)
                .with(new FailureListener())
                .ignore(net.bytebuddy.matcher.ElementMatchers.not(named(LOOKUP)))
                .assureReadEdgeTo(instrumentation, HiddenClasses.class)
                .type(named(LOOKUP))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(First.class).on(named("makeHiddenClassDefiner")
                                .and(takesArgument(0, byte[].class))))
                        .visit(Advice.to(Second.class).on(named("makeHiddenClassDefiner")
                                .and(takesArgument(1, byte[].class)))))
                .installOn(instrumentation);
    }

    private static Iterable<Iterable<Class<?>>> lookup(Instrumentation instrumentation) {
        List<Class<?>> lookup = new ArrayList<>();
        lookup.add(MethodHandles.Lookup.class);
        return List.of(lookup);
    }

    /** The class file is the first argument. */
    static final class First {
        private First() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This MethodHandles.Lookup lookup,
                @Advice.Argument(value = 0, readOnly = false) byte[] classFile) {
            classFile = HiddenClasses.classFile(lookup.lookupClass(), classFile);
        }
    }

    /** The class file is the second argument, after the class's name. */
    static final class Second {
        private Second() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This MethodHandles.Lookup lookup,
                @Advice.Argument(value = 1, readOnly = false) byte[] classFile) {
            classFile = HiddenClasses.classFile(lookup.lookupClass(), classFile);
        }
    }
}
