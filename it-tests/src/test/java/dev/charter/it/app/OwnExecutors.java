package dev.charter.it.app;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executors written by the application, each with worker threads that the orchestrator (an unbound
 * main thread) starts when this class loads: free threads, which run what they are handed as the
 * orchestrator would, were it not for what the agent wraps at submission.
 */
final class OwnExecutors {

    /** Implements {@code Executor}: queues the task for its own worker. */
    static final class Queued implements Executor {
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        Queued() {
            drain(tasks, "queued-executor");
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    /** An {@code ExecutorService} whose {@code submit(Callable)} queues the callable itself, never through execute. */
    static final class CallableQueue extends AbstractExecutorService {
        private final BlockingQueue<Runnable> runs = new LinkedBlockingQueue<>();

        CallableQueue() {
            drain(runs, "callable-queue");
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            CompletableFuture<T> result = new CompletableFuture<>();
            runs.add(completing(result, task)); // the callable as handed in, called on the worker
            return result;
        }

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException("only submit(Callable)");
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** A {@code ThreadPoolExecutor} that overrides {@code execute} and calls it; notes each task it is about to run. */
    static final class Pool extends ThreadPoolExecutor {
        /** What the last task arrived as: the class of the task, and of what that wraps, if it wraps. */
        final AtomicReference<String> lastArrived = new AtomicReference<>();

        Pool() {
            super(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), task -> {
                Thread worker = new Thread(task, "pool-subclass");
                worker.setDaemon(true);
                return worker;
            });
            prestartAllCoreThreads(); // on the orchestrator's thread: the worker is free
        }

        @Override
        public void execute(Runnable task) {
            super.execute(task);
        }

        @Override
        protected void beforeExecute(Thread worker, Runnable task) {
            lastArrived.set(layers(task));
        }
    }

    static final Queued QUEUED = new Queued();
    static final CallableQueue CALLABLE_QUEUE = new CallableQueue();
    static final Pool POOL = new Pool();
    private static final BlockingQueue<Runnable> LAMBDA_TASKS = new LinkedBlockingQueue<>();
    /** An executor that is a method reference: a hidden class of the JDK's making, that implements Executor. */
    static final Executor LAMBDA = LAMBDA_TASKS::add;

    private static final BlockingQueue<Runnable> PROXY_TASKS = new LinkedBlockingQueue<>();
    /** An executor that is a {@code java.lang.reflect.Proxy}: its handler queues what {@code execute} is handed. */
    static final Executor PROXY = (Executor) Proxy.newProxyInstance(OwnExecutors.class.getClassLoader(),
            new Class<?>[] {Executor.class}, (proxy, method, arguments) -> {
                if (!method.getName().equals("execute")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                PROXY_TASKS.add((Runnable) arguments[0]);
                return null;
            });

    static {
        drain(LAMBDA_TASKS, "lambda-executor");
        drain(PROXY_TASKS, "proxy-executor");
    }

    private OwnExecutors() {
    }

    /** Runs {@code task} on {@code executor} as a plain runnable and waits for its result. */
    static <T> T call(Executor executor, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(completing(result, task));
        return result.get();
    }

    /** A plain runnable that calls {@code task} and completes {@code result} with what it returns or throws. */
    private static <T> Runnable completing(CompletableFuture<T> result, Callable<T> task) {
        return new Runnable() {
            @Override
            public void run() {
                try {
                    result.complete(task.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            }
        };
    }

    /** {@code task} for the application's own task; {@code Wrapped(task)} for one that Charter wrapped once, and so on. */
    static String layers(Object task) {
        if (!task.getClass().getName().startsWith("dev.charter.Charter$")) {
            return "task";
        }
        try {
            Field inner = task.getClass().getDeclaredField("task");
            inner.setAccessible(true);
            return task.getClass().getSimpleName() + "(" + layers(inner.get(task)) + ")";
        } catch (ReflectiveOperationException e) {
            return task.getClass().getSimpleName() + "(?)";
        }
    }

    /** Starts, on this thread, a daemon worker that runs what {@code tasks} holds, one after another. */
    private static void drain(BlockingQueue<Runnable> tasks, String name) {
        Thread worker = new Thread(() -> {
            while (true) {
                try {
                    tasks.take().run();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a task failed: take the next
                }
            }
        }, name);
        worker.setDaemon(true);
        worker.start();
    }
}
