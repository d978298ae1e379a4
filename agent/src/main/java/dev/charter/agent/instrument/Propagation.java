package dev.charter.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.charter.Carry;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.MemberSubstitution;

/**
 * Carries identities across the JDK's executors: tasks the JDK makes ({@code FutureTask},
 * {@code ForkJoinTask}, and through them {@code submit}, {@code invokeAll}, scheduled tasks,
 * {@code ForkJoinPool}, parallel streams and {@code CompletableFuture} stages, dependent stages
 * included) capture the identity bound when they are made and bind it while they run; plain
 * runnables and callables handed to a {@code ThreadPoolExecutor}, a thread-per-task (virtual thread)
 * executor or a structured task scope are wrapped at submission. A raw {@code Thread} (platform or
 * virtual) and a {@code TimerTask} bind nothing, but remember their creator: they start confined to
 * what it could bind.
 */
public final class Propagation {

    private static final String CONCURRENT = "java.util.concurrent.";
    private static final Set<String> OTHERS = Set.of("java.lang.Thread", "java.util.TimerTask", "java.util.TimerThread");

    private Propagation() {
    }

    /** The agent builder that rewrites those JDK classes; they call {@link Carry}, on the bootstrap class path. */
    public static AgentBuilder agentBuilder(Instrumentation instrumentation) {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(Propagation::loadedConcurrencyClasses)
                .with(new FailureListener())
                .ignore(not(nameStartsWith(CONCURRENT).or(namedOneOf(OTHERS.toArray(String[]::new)))))
                .assureReadEdgeTo(instrumentation, Carry.class)
                .type(namedOneOf("java.lang.Thread", "java.util.TimerTask"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(Capture.class).on(isConstructor())))
                .type(named("java.util.TimerThread"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(MemberSubstitution.relaxed()
                                .method(named("run").and(isDeclaredBy(TimerTask.class)))
                                .replaceWith(timerTaskRun())
                                .on(named("mainLoop"))))
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
                // a dependent stage runs under the identity in force when it was registered, whoever completes it
                .type(nameStartsWith(CONCURRENT + "CompletableFuture$"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(Run.class).on(named("tryFire").and(takesArguments(int.class)).and(not(isAbstract())))))
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

    private static java.lang.reflect.Method timerTaskRun() {
        try {
            return Carry.class.getMethod("runTimerTask", TimerTask.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Of the classes loaded already, only those this rewrites: the rest need not even be looked at. */
    private static Iterable<Iterable<Class<?>>> loadedConcurrencyClasses(Instrumentation instrumentation) {
        List<Class<?>> concurrency = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getName().startsWith(CONCURRENT) || OTHERS.contains(loaded.getName())) {
                concurrency.add(loaded);
            }
        }
        return List.of(concurrency);
    }

    /** A thread or a task being made remembers its creator's binding. */
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
            // the task's own lookup, made where this is inlined: a JDK task's, which only it can make
            return Carry.enter(task, MethodHandles.lookup());
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
