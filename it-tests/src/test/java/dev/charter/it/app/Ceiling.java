package dev.charter.it.app;

import dev.charter.Charter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every route by which code might start work elsewhere and bind {@code user:admin} there, taken
 * from {@code agent:low} ({@code bound-<route>}, refused) and from the orchestrator, an unbound
 * main thread ({@code free-<route>}, allowed). Then what a confined thread may still bind, and the
 * governor and session rules. Prints {@code <name> <outcome>}; {@code n/a} where this JDK lacks a route.
 */
public final class Ceiling {

    /** A hand-rolled executor: one thread taking tasks from a queue, made by whoever calls {@link #start}. */
    static final class OwnExecutor {
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        private Thread thread;

        static OwnExecutor start() {
            OwnExecutor executor = new OwnExecutor();
            Thread thread = new Thread(() -> {
                while (true) {
                    try {
                        executor.tasks.take().run();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a task failed: take the next
                    }
                }
            }, "own-executor");
            thread.setDaemon(true);
            thread.start();
            executor.thread = thread;
            return executor;
        }

        void stop() {
            thread.interrupt();
        }

        /** Runs {@code task} as a plain runnable, which carries nothing, and waits for its result. */
        <T> T call(Callable<T> task) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            tasks.add(() -> {
                try {
                    result.complete(task.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get();
        }

        void execute(Runnable task) {
            tasks.add(task);
        }
    }

    /** The orchestrator's: made by the unbound main thread before anything is bound. */
    private static final OwnExecutor FREE_EXECUTOR = OwnExecutor.start();
    private static final Timer FREE_TIMER = new Timer("free-timer", true);
    /** The orchestrator's own executors, their workers started here, on the unbound thread that loads this class. */
    private static final Executor ORCHESTRATORS_EXECUTOR = OwnExecutors.QUEUED;

    private Ceiling() {
    }

    /** Each route, running {@code probe} where the route takes it. */
    static Map<String, Callable<String>> routes(Callable<String> probe) {
        Map<String, Callable<String>> routes = new LinkedHashMap<>();
        routes.put("raw-thread", () -> onNewThread(probe));
        routes.put("virtual-thread", () -> {
            Method ofVirtual = optional(Thread.class, "ofVirtual");
            if (ofVirtual == null) {
                return "n/a";
            }
            AtomicReference<String> seen = new AtomicReference<>();
            Object builder = ofVirtual.invoke(null);
            Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
            ((Thread) start.invoke(builder, (Runnable) () -> seen.set(call(probe)))).join();
            return seen.get();
        });
        routes.put("timer", () -> {
            Timer timer = new Timer(true);
            try {
                return onTimer(timer, probe);
            } finally {
                timer.cancel();
            }
        });
        routes.put("timer-task-on-free-timer", () -> onTimer(FREE_TIMER, probe));
        routes.put("future-task-made-on-new-thread", () -> onNewThread(() -> {
            FutureTask<String> task = new FutureTask<>(probe);
            FREE_EXECUTOR.execute(task);
            return task.get();
        }));
        routes.put("wrap-made-on-new-thread", () -> onNewThread(() -> {
            Callable<String> wrapped = Charter.wrap(probe);
            return FREE_EXECUTOR.call(wrapped);
        }));
        routes.put("own-executor", () -> {
            OwnExecutor own = OwnExecutor.start();
            try {
                return own.call(probe);
            } finally {
                own.stop();
            }
        });
        routes.put("orchestrators-executor", () -> OwnExecutors.call(OwnExecutors.QUEUED, probe));
        routes.put("orchestrators-executor-service", () -> OwnExecutors.CALLABLE_QUEUE.submit(probe).get());
        routes.put("orchestrators-lambda-executor", () -> OwnExecutors.call(OwnExecutors.LAMBDA, probe));
        routes.put("orchestrators-pool-subclass", () -> OwnExecutors.call(OwnExecutors.POOL, probe));
        routes.put("orchestrators-proxy-executor", () -> OwnExecutors.call(OwnExecutors.PROXY, probe));
        routes.put("dependent-stage", () -> {
            CompletableFuture<String> trigger = new CompletableFuture<>();
            CompletableFuture<String> stage = trigger.thenApply(ignored -> call(probe));
            FREE_EXECUTOR.call(() -> Charter.callAs("user:admin", () -> trigger.complete("go")));
            return stage.get();
        });
        return routes;
    }

    public static void main(String[] args) throws Exception {
        Callable<String> escalate = AdminTool::escalate;
        for (Map.Entry<String, Callable<String>> route : routes(escalate).entrySet()) {
            System.out.println("bound-" + route.getKey() + " " + Charter.callAs("agent:low", route.getValue()));
            System.out.println("free-" + route.getKey() + " " + route.getValue().call());
        }
        System.out.println("confined-binds-its-creator " + Charter.callAs("agent:low", () -> onNewThread(() ->
                Outcome.of(() -> Charter.callAs("agent:low", Payments::report)))));
        System.out.println("confined-binds-a-delegate " + Charter.callAs("agent:low", () -> onNewThread(() ->
                Outcome.of(() -> Charter.callAs("agent:low-helper", Payments::report)))));
        System.out.println("confined-binds-a-session " + Charter.callAs("agent:low", () -> {
            String session = Charter.session("report", Duration.ofMinutes(1), "payments:report");
            return onNewThread(() -> Outcome.of(() -> Charter.callAs(session, Payments::report)));
        }));
        System.out.println("confined-thread-of-confined-thread " + Charter.callAs("agent:low", () ->
                onNewThread(() -> onNewThread(escalate))));
        Callable<String> identity = () -> Charter.current().orElse("unbound");
        System.out.println("dependent-stage-runs-as-registrant " + Charter.callAs("agent:low",
                () -> routes(identity).get("dependent-stage").call()));
        System.out.println("timer-after-leaked-binding " + timerAfterLeak());
        Callable<String> report = () -> Outcome.of(Payments::report);
        Callable<String> refund = () -> Outcome.of(() -> new Payments().refund("order/1", 1));
        for (Map.Entry<String, Executor> own : Map.of("executor", ORCHESTRATORS_EXECUTOR,
                "lambda-executor", OwnExecutors.LAMBDA, "pool-subclass", OwnExecutors.POOL,
                "proxy-executor", OwnExecutors.PROXY).entrySet()) {
            System.out.println("low-on-" + own.getKey() + "-reports " + Charter.callAs("agent:low",
                    () -> OwnExecutors.call(own.getValue(), report)));
            System.out.println("low-on-" + own.getKey() + "-refunds " + Charter.callAs("agent:low",
                    () -> OwnExecutors.call(own.getValue(), refund)));
            System.out.println(own.getKey() + "-after-leaked-binding " + afterLeak(own.getValue()));
        }
        System.out.println("low-on-executor-service-reports " + Charter.callAs("agent:low",
                () -> OwnExecutors.CALLABLE_QUEUE.submit(report).get()));
        System.out.println("low-on-executor-service-refunds " + Charter.callAs("agent:low",
                () -> OwnExecutors.CALLABLE_QUEUE.submit(refund).get()));
        Charter.callAs("agent:low", () -> OwnExecutors.call(OwnExecutors.POOL, () -> "once"));
        System.out.println("pool-subclass-task-arrives-as " + OwnExecutors.POOL.lastArrived.get());
        System.out.println("governor-from-bound " + Charter.callAs("agent:low", () -> Outcome.of(() -> {
            Charter.governor(deferral -> null);
            return null;
        })));
        System.out.println("governor-from-confined " + Charter.callAs("agent:low", () -> onNewThread(() ->
                Outcome.of(() -> {
                    Charter.governor(deferral -> null);
                    return null;
                }))));
        System.out.println("governor-from-orchestrator " + Outcome.of(() -> {
            Charter.governor(deferral -> null);
            return null;
        }));
        System.out.println("session-named-as-declared " + Charter.callAs("agent:low", () -> Outcome.of(() ->
                Charter.session("shadow", Duration.ofMinutes(1), "admin:*"))));
    }

    /** A task of the orchestrator's that binds and forgets to close on {@code executor}'s worker; what the next one sees. */
    private static String afterLeak(Executor executor) throws Exception {
        OwnExecutors.call(executor, () -> Charter.bind("agent:low"));
        return OwnExecutors.call(executor, () -> Charter.current().orElse("unbound"));
    }

    /** A task that binds and forgets to close on the orchestrator's timer; the next task starts unbound. */
    private static String timerAfterLeak() throws Exception {
        CompletableFuture<String> next = new CompletableFuture<>();
        FREE_TIMER.schedule(new TimerTask() {
            @Override
            public void run() {
                Charter.bind("agent:low");
            }
        }, 0);
        FREE_TIMER.schedule(new TimerTask() {
            @Override
            public void run() {
                next.complete(Charter.current().orElse("unbound"));
            }
        }, 1);
        return next.get();
    }

    private static String call(Callable<String> task) {
        try {
            return task.call();
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }

    private static String onTimer(Timer timer, Callable<String> probe) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                seen.complete(call(probe));
            }
        }, 0);
        return seen.get();
    }

    static String onNewThread(Callable<String> task) throws InterruptedException {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                seen.set(task.call());
            } catch (Exception e) {
                seen.set("ERROR " + e);
            }
        });
        thread.start();
        thread.join();
        return seen.get();
    }

    private static Method optional(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
