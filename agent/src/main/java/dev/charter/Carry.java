package dev.charter;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * What the agent's hooks call in the JDK's threads, executors and tasks so that work runs under the
 * identity bound when it was submitted — none if it was submitted from an unbound thread — and the
 * thread that runs it is left as it was found; and so that what an unbound thread may bind follows
 * its origin. Lives beside the API on the bootstrap class path, where the JDK's own classes can see it.
 *
 * <p>Threads, timer tasks and the JDK's task types ({@link FutureTask}, {@link ForkJoinTask}, and so
 * {@code CompletableFuture} stages) record their creator's binding when they are made, in a weak map
 * the agent provides. A task binds it while it runs; a thread or a timer task starts unbound,
 * confined to what its creator could bind. Plain runnables and callables handed to an executor —
 * the JDK's, or any class of the application's that is an {@code Executor} — are wrapped at submission.
 *
 * <p>Every method is safe to call from any code: none widens what the calling thread may bind
 * beyond the task it runs. {@link #enter} lets a task run with more freedom than its thread has only
 * when called from a JDK task's own code, where the agent put the call: the caller proves it with
 * its own full-privilege lookup, which no code outside {@code java.base} can make.
 */
public final class Carry {

    private static volatile Store store;

    private Carry() {
    }

    /** Remembers the binding of the creator of tasks and threads without keeping them alive. Implemented by the agent. */
    public interface Store {

        void put(Object task, Charter.Binding binding);

        /** The binding captured for {@code task}, or {@code null}. */
        Charter.Binding get(Object task);
    }

    /** What {@link #enter} replaced, for {@link #exit} on the same thread to restore. */
    private record Frame(Thread thread, Charter.Binding before) {
    }

    /**
     * Installs the store; allowed once, before any JDK class is rewritten to call this class.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(Store chosen) {
        if (store != null) {
            throw new IllegalStateException("a Charter task store is installed already");
        }
        store = chosen;
        Charter.origins = new Origins(chosen);
    }

    /** The bindings {@code store} captured for threads: a class, where a method reference would be spun at every start. */
    private static final class Origins implements Function<Thread, Charter.Binding> {
        private final Store store;

        Origins(Store store) {
            this.store = store;
        }

        @Override
        public Charter.Binding apply(Thread thread) {
            return store.get(thread);
        }
    }

    /** When a thread or a task is made: remembers the binding of its creator, if it has one or is confined. */
    public static void capture(Object task) {
        Store in = store;
        Charter.Binding bound = Charter.BOUND.get();
        if (in != null && bound != null && task != null) {
            in.put(task, bound);
        }
    }

    /**
     * Before a task runs: binds what it captured, or nothing; returns what {@link #exit} restores.
     *
     * @param caller {@code MethodHandles.lookup()} of the code that calls, which must be a JDK task's
     *               own for the task to run freer than the calling thread
     * @throws ScopeViolation if the task would run freer than the calling thread, and the caller is
     *         not a JDK task
     */
    public static Object enter(Object task, MethodHandles.Lookup caller) {
        Charter.Binding before = Charter.BOUND.get();
        Store in = store;
        Charter.Binding captured = in == null || task == null ? before : in.get(task);
        if (widens(before, captured) && !jdkTask(caller)) {
            throw new ScopeViolation(before.limit(), "charter:bind", null,
                    "only the JDK's own tasks carry an identity across threads (use Charter.wrap)", null);
        }
        Charter.BOUND.set(captured);
        return new Frame(Thread.currentThread(), before);
    }

    /**
     * After a task ran, normally or not: restores the thread's binding.
     *
     * @throws IllegalStateException if {@code frame} is not what {@link #enter} returned on this thread
     */
    public static void exit(Object frame) {
        if (!(frame instanceof Frame entered) || entered.thread() != Thread.currentThread()) {
            throw new IllegalStateException("Carry.exit takes what Carry.enter returned on the same thread");
        }
        Charter.BOUND.set(entered.before());
    }

    /** Runs a timer task unbound, confined to what its creator could bind, and restores the thread after it. */
    public static void runTimerTask(TimerTask task) {
        Store in = store;
        Charter.Binding before = Charter.BOUND.get();
        Charter.BOUND.set(in == null ? before : Charter.confinedBy(in.get(task)));
        try {
            task.run();
        } finally {
            Charter.BOUND.set(before);
        }
    }

    /**
     * At submission: a plain runnable runs under the identity bound now. A task that carries its
     * binding already (a {@code Charter.wrap} result, a JDK task that captured its creator's) is passed
     * on as it is, so that an executor handing work to another, or a subclass to its superclass, wraps once.
     */
    public static Runnable wrap(Runnable task) {
        return task == null || task instanceof FutureTask || task instanceof ForkJoinTask || Charter.carries(task)
                ? task : Charter.wrap(task);
    }

    /** At submission: a plain callable runs under the identity bound now; a {@code Charter.wrap} result as it is. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return task == null || Charter.carries(task) ? task : Charter.wrap(task);
    }

    /**
     * At submission of a collection of callables ({@code invokeAll}, {@code invokeAny}): a list of
     * each wrapped, in the collection's order; {@code null} where the collection holds one, for the
     * executor to refuse as it would have.
     */
    public static Collection<Callable<?>> wrapAll(Collection<? extends Callable<?>> tasks) {
        if (tasks == null) {
            return null;
        }
        List<Callable<?>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<?> task : tasks) {
            wrapped.add(wrap(task));
        }
        return wrapped;
    }

    /** Whether running under {@code next} may bind more than {@code before} may; conservative. */
    static boolean widens(Charter.Binding before, Charter.Binding next) {
        return before != null && next != before && (next == null || !before.limit().equals(next.limit()));
    }

    /** Whether {@code caller} is the full-privilege lookup of a JDK task type, whose hook calls {@link #enter}. */
    private static boolean jdkTask(MethodHandles.Lookup caller) {
        if (caller == null || !caller.hasFullPrivilegeAccess() || caller.lookupClass().getClassLoader() != null) {
            return false;
        }
        String type = caller.lookupClass().getName();
        return type.equals("java.util.concurrent.FutureTask") || type.equals("java.util.concurrent.ForkJoinTask")
                || type.startsWith("java.util.concurrent.CompletableFuture$");
    }
}
