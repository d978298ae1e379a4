package dev.charter;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.FutureTask;

/**
 * What the agent inlines into the JDK's executors and tasks so that work runs under the identity
 * bound when it was submitted — none if it was submitted from an unbound thread — and the thread
 * that runs it is left as it was found. Lives beside the API on the bootstrap class path, where the
 * JDK's own classes can see it.
 *
 * <p>Task types of the JDK ({@link FutureTask}, {@link ForkJoinTask}) capture the identity when they
 * are made, in a weak map the agent provides, and bind it around their run; plain runnables and
 * callables handed to an executor are wrapped at submission.
 */
public final class Carry {

    private static volatile Store store;

    private Carry() {
    }

    /** Remembers tasks' identities without keeping the tasks alive. Implemented by the agent. */
    public interface Store {

        void put(Object task, Charter.Binding binding);

        /** The binding captured for {@code task}, or {@code null}. */
        Charter.Binding get(Object task);
    }

    /** Installs the store; allowed once, before any JDK class is rewritten to call this class. */
    public static synchronized void install(Store chosen) {
        if (store != null) {
            throw new IllegalStateException("a Charter task store is installed already");
        }
        store = chosen;
    }

    /** When a task is made: remembers the identity bound now, if any. */
    public static void capture(Object task) {
        Charter.Binding bound = Charter.BOUND.get();
        if (bound != null) {
            store.put(task, bound);
        }
    }

    /** Before a task runs: binds what it captured, or nothing; returns what {@link #exit} restores. */
    public static Object enter(Object task) {
        Charter.Binding before = Charter.BOUND.get();
        Charter.BOUND.set(store.get(task));
        return before;
    }

    /** After a task ran, normally or not: restores the thread's binding. */
    public static void exit(Object before) {
        Charter.BOUND.set((Charter.Binding) before);
    }

    /** At submission: a plain runnable runs under the identity bound now. */
    public static Runnable wrap(Runnable task) {
        return task == null || task instanceof FutureTask || task instanceof ForkJoinTask ? task : Charter.wrap(task);
    }

    /** At submission: a plain callable runs under the identity bound now. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return task == null ? null : Charter.wrap(task);
    }
}
