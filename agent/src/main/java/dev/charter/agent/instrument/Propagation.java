package dev.charter.agent.instrument;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.LOOKUP;
import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;

import java.util.List;

/**
 * Carries identities across executors: tasks the JDK makes ({@code FutureTask},
 * {@code ForkJoinTask}, and through them {@code submit}, {@code invokeAll}, scheduled tasks,
 * {@code ForkJoinPool}, parallel streams and {@code CompletableFuture} stages, dependent stages
 * included) capture the identity bound when they are made and bind it while they run; plain
 * runnables and callables handed to a {@code ThreadPoolExecutor}, a thread-per-task (virtual thread)
 * executor or a structured task scope are wrapped at submission, and so are those handed to any
 * executor of the application's or a framework's ({@link Hook#EXECUTORS}). A raw {@code Thread} (platform or
 * virtual) and a {@code TimerTask} bind nothing, but remember their creator: they start confined to
 * what it could bind. The hooks call {@link dev.charter.Carry}, in the boot loader.
 */
public final class Propagation {

    private static final String CARRY = "dev/charter/Carry";
    private static final String CONCURRENT = "java/util/concurrent/";
    /** Why each of these hooks is required: without it, work escapes the identity and ceiling of its origin. */
    private static final String UNBOUND = "work it runs would not carry its origin's identity and ceiling";

    private static final Hook.Call CAPTURE = call(CARRY, "capture", "(Ljava/lang/Object;)V", THIS);
    private static final Hook.Call ENTER = call(CARRY, "enter",
            "(Ljava/lang/Object;Ljava/lang/invoke/MethodHandles$Lookup;)Ljava/lang/Object;", THIS, LOOKUP);
    private static final Hook.Call EXIT = call(CARRY, "exit", "(Ljava/lang/Object;)V", ENTERED);
    private static final Hook.Call WRAP_RUNNABLE = call(CARRY, "wrap", "(Ljava/lang/Runnable;)Ljava/lang/Runnable;",
            argument(0)).replacing(0);
    private static final Hook.Call WRAP_CALLABLE = call(CARRY, "wrap",
            "(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/Callable;", argument(0)).replacing(0);
    private static final Hook.Call WRAP_ALL = call(CARRY, "wrapAll", "(Ljava/util/Collection;)Ljava/util/Collection;",
            argument(0)).replacing(0);

    private Propagation() {
    }

    /** The hooks into those JDK classes. */
    public static List<Hook> hooks() {
        return List.of(
                captures("java/lang/Thread"),
                captures("java/util/TimerTask"),
                Hook.in("java/util/TimerThread", "mainLoop", "()V").replacingCalls("java/util/TimerTask", "run", "()V",
                        call(CARRY, "runTimerTask", "(Ljava/util/TimerTask;)V")).required(UNBOUND),
                captures(CONCURRENT + "FutureTask"),
                runs(CONCURRENT + "FutureTask", "run", "()"),
                runs(CONCURRENT + "FutureTask", "runAndReset", "()"),
                captures(CONCURRENT + "ForkJoinTask"),
                runs(CONCURRENT + "ForkJoinTask", "doExec", "()"),
                // run directly, not through doExec, when a CompletableFuture's executor is not a ForkJoinPool
                runs(CONCURRENT + "CompletableFuture$AsyncSupply", "run", "()"),
                runs(CONCURRENT + "CompletableFuture$AsyncRun", "run", "()"),
                runs(CONCURRENT + "CompletableFuture$Completion", "run", "()"),
                // a dependent stage runs under the identity in force when it was registered, whoever completes it
                runs(CONCURRENT + "CompletableFuture$*", "tryFire", "(I)"),
                wraps(CONCURRENT + "ThreadPoolExecutor", "execute", "(Ljava/lang/Runnable;)", WRAP_RUNNABLE),
                wraps(CONCURRENT + "ThreadPerTaskExecutor", "newThread", "(Ljava/lang/Runnable;)", WRAP_RUNNABLE),
                wraps(CONCURRENT + "StructuredTaskScope", "fork", "(Ljava/lang/Runnable;)", WRAP_RUNNABLE),
                wraps(CONCURRENT + "StructuredTaskScope", "fork", "(Ljava/util/concurrent/Callable;)", WRAP_CALLABLE),
                wraps(CONCURRENT + "StructuredTaskScopeImpl", "fork", "(Ljava/lang/Runnable;)", WRAP_RUNNABLE),
                wraps(CONCURRENT + "StructuredTaskScopeImpl", "fork", "(Ljava/util/concurrent/Callable;)", WRAP_CALLABLE),
                // every executor of the application's, at each way in that Executor, ExecutorService and
                // ScheduledExecutorService declare: one that queues work itself, without execute, is covered too
                wraps(Hook.EXECUTORS, "execute", "(Ljava/lang/Runnable;)V", WRAP_RUNNABLE),
                wraps(Hook.EXECUTORS, "submit", "(Ljava/lang/Runnable;", WRAP_RUNNABLE),
                wraps(Hook.EXECUTORS, "submit", "(Ljava/util/concurrent/Callable;)", WRAP_CALLABLE),
                wraps(Hook.EXECUTORS, "schedule", "(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)", WRAP_RUNNABLE),
                wraps(Hook.EXECUTORS, "schedule", "(Ljava/util/concurrent/Callable;JLjava/util/concurrent/TimeUnit;)",
                        WRAP_CALLABLE),
                wraps(Hook.EXECUTORS, "scheduleAtFixedRate", "(Ljava/lang/Runnable;JJ", WRAP_RUNNABLE),
                wraps(Hook.EXECUTORS, "scheduleWithFixedDelay", "(Ljava/lang/Runnable;JJ", WRAP_RUNNABLE),
                wraps(Hook.EXECUTORS, "invokeAll", "(Ljava/util/Collection;", WRAP_ALL),
                wraps(Hook.EXECUTORS, "invokeAny", "(Ljava/util/Collection;", WRAP_ALL),
                // the ways in around execute of two executors that frameworks run on: Netty's event loops
                // (lazyExecute queues without execute) and Jetty's reserved threads (tryExecute hands over directly)
                wraps(Hook.EXECUTORS, "lazyExecute", "(Ljava/lang/Runnable;)V", WRAP_RUNNABLE),
                wraps(Hook.EXECUTORS, "tryExecute", "(Ljava/lang/Runnable;)Z", WRAP_RUNNABLE));
    }

    /**
     * Whether the {@link Hook#EXECUTORS} hooks go into the executor {@code internalName}: into all but
     * those that a wrapped task breaks. Jetty's {@code SerializedExecutor} hands a failed task's error
     * to the task when it is an {@code ErrorHandlingTask}; wrapped, it is not one, and the error would
     * only be logged (a failed {@code ContextHandlerCollection.deployHandler} would never call back).
     * Its tasks run, one after another, on the thread of the executor it hands them to, under the
     * identity of whoever's task started that run.
     */
    static boolean carriesThrough(String internalName) {
        return !internalName.equals("org/eclipse/jetty/util/thread/SerializedExecutor");
    }

    /** A thread or a task being made remembers its creator's binding. */
    private static Hook captures(String type) {
        return Hook.in(type, "<init>", null).atExit(CAPTURE).required(UNBOUND);
    }

    /** A task runs under what it captured, and leaves the thread's binding as it found it. */
    private static Hook runs(String type, String method, String descriptor) {
        return Hook.in(type, method, descriptor).atEntry(ENTER).atEveryExit(EXIT).required(UNBOUND);
    }

    /** A plain runnable or callable handed over runs under the identity bound at submission. */
    private static Hook wraps(String type, String method, String descriptor, Hook.Call wrap) {
        return Hook.in(type, method, descriptor).atEntry(wrap).required(UNBOUND);
    }
}
