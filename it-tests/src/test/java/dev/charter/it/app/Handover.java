package dev.charter.it.app;

import dev.charter.Charter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Hands a scoped call to another thread by every path the JDK offers, and prints where it ran and
 * under which identity: {@code bound-<path> ALLOWED} when submitted by {@code user:alice}, and
 * {@code unbound-<path> DENIED ...} when submitted from an unbound thread; plus the paths that must
 * not carry an identity, escalation, delegation and sessions. Prints {@code <name> n/a} where this
 * JDK lacks the path.
 */
public final class Handover {

    private static final Payments PAYMENTS = new Payments();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final ExecutorService SINGLE = Executors.newSingleThreadExecutor();
    private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);
    private static final ForkJoinPool FORK_JOIN = new ForkJoinPool(2);

    private Handover() {
    }

    /** The scoped call, as seen from the thread it runs on. */
    static String probe() {
        return Scenarios.outcome(() -> PAYMENTS.refund("order/EU-1", 1));
    }

    static Map<String, Callable<String>> paths() {
        Map<String, Callable<String>> paths = new LinkedHashMap<>();
        paths.put("execute", () -> {
            CompletableFuture<String> seen = new CompletableFuture<>();
            POOL.execute(() -> seen.complete(probe()));
            return seen.get();
        });
        paths.put("submit-callable", () -> POOL.submit(Handover::probe).get());
        paths.put("submit-runnable", () -> {
            AtomicReference<String> seen = new AtomicReference<>();
            POOL.submit(() -> seen.set(probe())).get();
            return seen.get();
        });
        paths.put("invoke-all", () -> POOL.invokeAll(List.<Callable<String>>of(Handover::probe, Handover::probe))
                .stream().map(Handover::join).distinct().collect(Collectors.joining(" | ")));
        paths.put("invoke-any", () -> POOL.invokeAny(List.<Callable<String>>of(Handover::probe)));
        paths.put("schedule", () -> SCHEDULER.schedule(Handover::probe, 1, TimeUnit.MILLISECONDS).get());
        paths.put("schedule-periodic", () -> {
            CompletableFuture<String> seen = new CompletableFuture<>();
            ScheduledFuture<?> periodic = SCHEDULER.scheduleAtFixedRate(() -> seen.complete(probe()), 0, 10,
                    TimeUnit.MILLISECONDS);
            try {
                return seen.get();
            } finally {
                periodic.cancel(false);
            }
        });
        paths.put("completable-default", () -> CompletableFuture.supplyAsync(Handover::probe).get());
        paths.put("completable-executor", () -> CompletableFuture.supplyAsync(Handover::probe, POOL).get());
        paths.put("completable-then-async", () -> CompletableFuture.completedFuture(1)
                .thenApplyAsync(ignored -> probe()).get());
        paths.put("completable-then-async-executor", () -> CompletableFuture.completedFuture(1)
                .thenApplyAsync(ignored -> probe(), POOL).get());
        paths.put("fork-join-submit", () -> FORK_JOIN.submit(Handover::probe).get());
        paths.put("fork-join-execute", () -> {
            CompletableFuture<String> seen = new CompletableFuture<>();
            FORK_JOIN.execute(() -> seen.complete(probe()));
            return seen.get();
        });
        paths.put("fork-join-recursive", () -> FORK_JOIN.invoke(new Split(8)));
        paths.put("common-pool", () -> ForkJoinPool.commonPool().submit(Handover::probe).get());
        paths.put("parallel-stream", () -> IntStream.range(0, 256).parallel().mapToObj(i -> probe()).distinct()
                .collect(Collectors.joining(" | ")));
        paths.put("virtual-executor", () -> {
            Method factory = optional(Executors.class, "newVirtualThreadPerTaskExecutor");
            if (factory == null) {
                return "n/a";
            }
            ExecutorService virtual = (ExecutorService) factory.invoke(null);
            try {
                CompletableFuture<String> seen = new CompletableFuture<>();
                virtual.execute(() -> seen.complete(probe()));
                return virtual.submit(Handover::probe).get() + " | " + seen.get();
            } finally {
                virtual.shutdown();
            }
        });
        paths.put("structured-fork", Handover::structuredFork);
        return paths;
    }

    public static void main(String[] names) throws Exception {
        try {
            run(List.of(names));
        } finally {
            POOL.shutdown();
            SINGLE.shutdown();
            SCHEDULER.shutdown();
            FORK_JOIN.shutdown();
        }
    }

    private static void run(List<String> wanted) throws Exception {
        for (Map.Entry<String, Callable<String>> path : paths().entrySet()) {
            if (wanted.isEmpty() || wanted.contains(path.getKey())) {
                System.out.println("bound-" + path.getKey() + " " + Charter.callAs("user:alice", path.getValue()));
                System.out.println("unbound-" + path.getKey() + " " + path.getValue().call());
            }
        }
        if (wanted.isEmpty() || wanted.contains("isolation")) {
            isolation();
        }
    }

    /** What must not carry an identity, and what binding may and may not do. */
    private static void isolation() throws Exception {
        Charter.runAs("user:alice", () -> SINGLE.submit(Handover::probe));
        System.out.println("pool-next-task " + SINGLE.submit(Handover::probe).get());
        SINGLE.submit(() -> Charter.bind("user:alice")).get();
        System.out.println("pool-after-unclosed-bind " + SINGLE.submit(Handover::probe).get());
        Charter.runAs("user:alice", () -> SINGLE.submit(() -> {
            throw new IllegalStateException("task failed");
        }));
        System.out.println("pool-after-throw " + SINGLE.submit(Handover::probe).get());
        System.out.println("raw-thread " + Charter.callAs("user:alice", () -> onNewThread(false)));
        System.out.println("wrapped-thread " + Charter.callAs("user:alice", () -> onNewThread(true)));
        System.out.println("raw-virtual-thread " + Charter.callAs("user:alice", Handover::onVirtualThread));
        System.out.println("escalate " + Charter.callAs("agent:refund-bot",
                () -> Scenarios.outcome(() -> Charter.callAs("user:alice", Handover::probe))));
        System.out.println("delegate " + Charter.callAs("user:alice", () -> Charter.callAs("agent:refund-bot", Handover::probe)));
        System.out.println("delegate-of-delegate " + Charter.callAs("user:alice",
                () -> Charter.callAs("agent:sub-bot", Handover::probe)));
        System.out.println("session-in-scope " + Charter.callAs("user:alice", () ->
                Charter.callAs(Charter.session("refund-once", Duration.ofMinutes(1), "payments:refund"), Handover::probe)));
        System.out.println("session-out-of-scope " + Charter.callAs("user:alice", () ->
                Charter.callAs(Charter.session("report-only", Duration.ofMinutes(1), "payments:report"), Handover::probe)));
        System.out.println("session-expired " + Charter.callAs("user:alice", () -> {
            String session = Charter.session("brief", Duration.ofMillis(50), "payments:*");
            Thread.sleep(100);
            return Charter.callAs(session, Handover::probe);
        }));
        System.out.println("close-out-of-order " + Scenarios.outcome(() -> {
            Charter.Binding outer = Charter.bind("user:alice");
            Charter.bind("agent:refund-bot");
            outer.close();
            return null;
        }));
    }

    private static String onNewThread(boolean wrapped) throws InterruptedException {
        AtomicReference<String> seen = new AtomicReference<>();
        Runnable task = () -> seen.set(probe());
        Thread thread = new Thread(wrapped ? Charter.wrap(task) : task);
        thread.start();
        thread.join();
        return seen.get();
    }

    private static String onVirtualThread() throws Exception {
        Method ofVirtual = optional(Thread.class, "ofVirtual");
        if (ofVirtual == null) {
            return "n/a";
        }
        AtomicReference<String> seen = new AtomicReference<>();
        Object builder = ofVirtual.invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        ((Thread) start.invoke(builder, (Runnable) () -> seen.set(probe()))).join();
        return seen.get();
    }

    /** {@code StructuredTaskScope.open()}, {@code fork}, {@code join}: a preview API, reached by reflection. */
    private static String structuredFork() throws Exception {
        Class<?> scopeType;
        try {
            scopeType = Class.forName("java.util.concurrent.StructuredTaskScope");
            scopeType.getMethod("open");
        } catch (ReflectiveOperationException e) {
            return "n/a";
        }
        try (AutoCloseable scope = (AutoCloseable) scopeType.getMethod("open").invoke(null)) {
            Object subtask = scopeType.getMethod("fork", Callable.class).invoke(scope, (Callable<String>) Handover::probe);
            scopeType.getMethod("join").invoke(scope);
            return (String) Class.forName("java.util.concurrent.StructuredTaskScope$Subtask").getMethod("get")
                    .invoke(subtask);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException) {
                return "n/a";
            }
            throw e;
        }
    }

    private static Method optional(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String join(java.util.concurrent.Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }

    /** Forks down to leaves that each make the scoped call. */
    private static final class Split extends RecursiveTask<String> {
        private static final long serialVersionUID = 1L;
        private final int leaves;

        Split(int leaves) {
            this.leaves = leaves;
        }

        @Override
        protected String compute() {
            if (leaves == 1) {
                return probe();
            }
            Split left = new Split(leaves / 2);
            left.fork();
            String right = new Split(leaves - leaves / 2).compute();
            String joined = left.join();
            return joined.equals(right) ? joined : joined + " | " + right;
        }
    }
}
