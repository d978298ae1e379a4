package dev.charter.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.charter.Carry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Carries identities across the JDK's executors: tasks the JDK makes ({@code FutureTask},
 * {@code ForkJoinTask}, and through them {@code submit}, {@code invokeAll}, scheduled tasks,
 * {@code ForkJoinPool}, parallel streams and {@code CompletableFuture} stages) capture the identity
 * bound when they are made and bind it while they run; plain runnables and callables handed to a
 * {@code ThreadPoolExecutor}, a thread-per-task (virtual thread) executor or a structured task
 * scope are wrapped at submission. A raw {@code Thread} inherits nothing.
 */
public final class Propagation {

    private static final String CONCURRENT = "java.util.concurrent.";

    private Propagation() {
    }

    /** The agent builder that rewrites those JDK classes; they call {@link Carry}, on the bootstrap class path. */
    public static AgentBuilder agentBuilder(Instrumentation instrumentation) {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(Propagation::loadedConcurrencyClasses)
                .with(new FailureListener())
                .ignore(not(nameStartsWith(CONCURRENT)))
                .assureReadEdgeTo(instrumentation, Carry.class)
                .type(named(CONCURRENT + "FutureTask"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(Capture.class).on(isConstructor()))
                        .visit(Advice.to(Run.class).on(namedOneOf("run", "runAndReset").and(takesNoArguments()))))
                .type(named(CONCURRENT + "ForkJoinTask"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(Capture.class).on(isConstructor()))
                        .visit(Advice.to(Run.class).on(named("doExec").and(takesNoArguments()))))
                // run directly, not through doExec, when a CompletableFuture's executor is not a ForkJoinPool
                .type(namedOneOf(CONCURRENT + "CompletableFuture$AsyncSupply", CONCURRENT + "CompletableFuture$AsyncRun",
                        CONCURRENT + "CompletableFuture$Completion"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(Run.class).on(named("run").and(takesNoArguments()))))
                .type(named(CONCURRENT + "ThreadPoolExecutor"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(WrapRunnable.class).on(named("execute").and(takesArguments(Runnable.class)))))
                .type(named(CONCURRENT + "ThreadPerTaskExecutor"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(WrapRunnable.class).on(named("newThread").and(takesArguments(Runnable.class)))))
                .type(namedOneOf(CONCURRENT + "StructuredTaskScope", CONCURRENT + "StructuredTaskScopeImpl"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(WrapRunnable.class).on(named("fork").and(takesArguments(Runnable.class))))
                        .visit(Advice.to(WrapCallable.class).on(named("fork").and(takesArguments(Callable.class)))));
    }

    /** Of the classes loaded already, only those this rewrites: the rest need not even be looked at. */
    private static Iterable<Iterable<Class<?>>> loadedConcurrencyClasses(Instrumentation instrumentation) {
        List<Class<?>> concurrency = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getName().startsWith(CONCURRENT)) {
                concurrency.add(loaded);
            }
        }
        return List.of(concurrency);
    }

    /** A task being made remembers the identity bound now. */
    static final class Capture {
        private Capture() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object task) {
            Carry.capture(task);
        }
    }

    /** A task runs under what it captured, and leaves the thread's binding as it found it. */
    static final class Run {
        private Run() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object task) {
            return Carry.enter(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object before) {
            Carry.exit(before);
        }
    }

    /** A plain runnable handed over runs under the identity bound at submission. */
    static final class WrapRunnable {
        private WrapRunnable() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = Carry.wrap(task);
        }
    }

    /** A plain callable handed over runs under the identity bound at submission. */
    static final class WrapCallable {
        private WrapCallable() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
            task = Carry.wrap(task);
        }
    }
}
