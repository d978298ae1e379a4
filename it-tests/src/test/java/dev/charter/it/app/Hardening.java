package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.Gate;
import dev.charter.Governor;
import dev.charter.ScopeViolation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TimerTask;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Calls every public method of every class the agent puts in package {@code dev.charter} (found in
 * the agent jar {@code args[0]}, so a new one cannot be forgotten) from a thread bound to
 * {@code agent:low}, and from an unbound thread that {@code agent:low} started, with arguments an
 * attacker would pick; then tries to become {@code user:admin} on that thread, and inside any task
 * the method returned. Prints {@code method <signature> <calls>} per method, {@code escalated <what>}
 * for each way it worked, and {@code governor-kept true} when the orchestrator's governor survived.
 */
public final class Hardening {

    private static final Thread MAIN = Thread.currentThread();
    /** Made by the orchestrator, unbound: what agent code might get hold of and try to run freely. */
    private static final FutureTask<String> FREE_TASK = new FutureTask<>(() -> "free");
    private static final Governor ORCHESTRATORS = deferral -> Governor.Verdict.refuse("the orchestrator's");
    private static final List<String> ESCALATED = new CopyOnWriteArrayList<>();
    private static Charter.Binding adminsOpenBinding;
    /** Work that the agent's capture methods remembered while {@code user:admin} was bound. */
    private static final Object CAPTURED_BY_ADMIN = new Object();

    private Hardening() {
    }

    public static void main(String[] args) throws Exception {
        Charter.governor(ORCHESTRATORS);
        holdAdminBindingOnAnotherThread();
        Charter.runAs("user:admin", () -> {
            dev.charter.Carry.capture(CAPTURED_BY_ADMIN);
            dev.charter.Frameworks.capture(CAPTURED_BY_ADMIN);
        });
        for (Class<?> type : publicClasses(args[0])) {
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers()) || method.isSynthetic()
                        || Modifier.isAbstract(method.getModifiers())) {
                    continue;
                }
                int calls = 0;
                for (boolean bindFirst : new boolean[] {true, false}) {
                    calls += attack(method, bindFirst);
                }
                System.out.println("method " + signature(method) + " " + calls);
            }
        }
        for (String way : ESCALATED) {
            System.out.println("escalated " + way.replace('\n', ' '));
        }
        System.out.println("governor-kept " + (Gate.governor() == ORCHESTRATORS));
    }

    /** Calls {@code method} with every combination of candidate arguments, each on a fresh confined thread. */
    private static int attack(Method method, boolean bindFirst) throws Exception {
        List<List<Supplier<Object>>> choices = new ArrayList<>();
        for (Class<?> parameter : method.getParameterTypes()) {
            choices.add(candidates(parameter, method));
        }
        List<Supplier<Object>> receivers = Modifier.isStatic(method.getModifiers())
                ? List.of(() -> null) : instances(method.getDeclaringClass());
        int calls = 0;
        for (Supplier<Object> receiver : receivers) {
            for (List<Supplier<Object>> arguments : combinations(choices)) {
                String what = signature(method) + (bindFirst ? " bound" : " confined") + " #" + calls++;
                Charter.callAs("agent:low", () -> onNewThread(() -> {
                    if (bindFirst) {
                        Charter.bind("agent:low"); // left open: the thread ends with the attack
                    }
                    Object target = receiver.get();
                    Object[] values = arguments.stream().map(Supplier::get).toArray();
                    Object returned = null;
                    try {
                        returned = method.invoke(target, values);
                    } catch (ReflectiveOperationException | RuntimeException refused) {
                        // refused or failed: what matters is what the thread may do now
                    }
                    runReturned(returned, what);
                    probe(what + " then on the same thread");
                }));
            }
        }
        return calls;
    }

    private static void runReturned(Object returned, String what) {
        try {
            if (returned instanceof Runnable task) {
                task.run();
            } else if (returned instanceof Callable<?> task) {
                task.call();
            } else if (returned instanceof Collection<?> tasks) {
                for (Object task : tasks) {
                    runReturned(task, what);
                }
            }
        } catch (Exception ignored) {
            // the probe inside the task records what happened
        }
    }

    /** Tries to become {@code user:admin} and use it here. */
    private static void probe(String what) {
        String outcome = AdminTool.escalate();
        if (!outcome.startsWith("DENIED")) {
            ESCALATED.add(what + ": " + outcome);
        }
    }

    private static List<Supplier<Object>> candidates(Class<?> type, Method method) {
        if (type == String.class) {
            return List.of(() -> "user:admin");
        }
        if (type == int.class) {
            return List.of(() -> 0);
        }
        if (type == Object.class) {
            return List.of(() -> null, Object::new, () -> FREE_TASK, () -> new FutureTask<>(() -> "own"),
                    () -> CAPTURED_BY_ADMIN);
        }
        if (type == Runnable.class) {
            return List.of(() -> (Runnable) () -> probe(signature(method) + " inside the Runnable it returned"));
        }
        if (type == Callable.class) {
            return List.of(() -> (Callable<Object>) () -> {
                probe(signature(method) + " inside the Callable it returned");
                return null;
            });
        }
        if (type == Collection.class) {
            return List.of(() -> null, () -> List.of((Callable<Object>) () -> {
                probe(signature(method) + " inside a Callable of the Collection it returned");
                return null;
            }));
        }
        if (type == Thread.class) {
            return List.of(Thread::currentThread, () -> MAIN);
        }
        if (type == TimerTask.class) {
            return List.of(() -> new TimerTask() {
                @Override
                public void run() {
                    probe(signature(method) + " inside the timer task");
                }
            });
        }
        if (type == MethodHandles.Lookup.class) {
            // its own, the public one, and its own moved onto a JDK task type (which drops private access)
            return List.of(MethodHandles::lookup, MethodHandles::publicLookup, () -> MethodHandles.lookup().in(FutureTask.class),
                    () -> null);
        }
        if (type == Map.class) {
            return List.of(() -> null, Map::of, () -> Map.of("identity", "user:admin", "user", "user:admin"));
        }
        if (type == Method.class) {
            return List.of(() -> adminToolMethod());
        }
        if (type == Charter.Binding.class) {
            return List.of(() -> null, () -> Charter.bind("agent:low-helper"), () -> adminsOpenBinding);
        }
        if (type == long.class || type == double.class) {
            return List.of(() -> type == long.class ? (Object) 0L : (Object) 0.0);
        }
        if (type == Class.class) {
            return List.of(() -> Hardening.class);
        }
        if (type == dev.charter.Gate.Row.class) {
            return List.of(() -> null);
        }
        if (type == byte[].class) {
            return List.of(() -> new byte[0], () -> null);
        }
        if (type == java.util.function.BiFunction.class) {
            // a rewriter of hidden classes that checks nothing
            return List.of(() -> (java.util.function.BiFunction<Class<?>, byte[], byte[]>) (host, classFile) -> classFile);
        }
        if (type == Duration.class) {
            return List.of(() -> Duration.ofMinutes(1));
        }
        if (type == String[].class) {
            return List.of(() -> new String[] {"admin:*"});
        }
        if (type == Governor.class) {
            return List.of(() -> (Governor) deferral -> Governor.Verdict.approve("agent code approves itself"));
        }
        if (type.isInterface() && type.getName().startsWith("dev.charter.")) {
            // the enforcer, the task store: ones that allow everything and know nothing
            return List.of(() -> Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, called, values) -> called.getReturnType() == boolean.class ? Boolean.TRUE : null));
        }
        throw new IllegalStateException("no attacking arguments of type " + type.getName() + " for "
                + signature(method) + ": add some to Hardening.candidates");
    }

    private static List<Supplier<Object>> instances(Class<?> type) {
        if (type == Charter.Binding.class) {
            return List.of(() -> Charter.bind("agent:low-helper"), () -> adminsOpenBinding);
        }
        if (type == ScopeViolation.class) {
            return List.of(() -> new ScopeViolation("agent:low", "admin:shutdown", null, "test", null));
        }
        if (type == Governor.Verdict.class) {
            return List.of(() -> Governor.Verdict.approve("yes"));
        }
        if (type == Governor.Deferral.class) {
            return List.of(() -> new Governor.Deferral("agent:low", List.of("user:boss"), "admin:shutdown", null,
                    BigDecimal.ONE, "m", "r"));
        }
        if (type == Gate.Row.class) {
            return List.of(); // no public way to reach one: rows live in bindings, out of reach
        }
        throw new IllegalStateException("no instance of " + type.getName() + ": add one to Hardening.instances");
    }

    private static Method adminToolMethod() {
        try {
            return AdminTool.class.getMethod("shutdown");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<Supplier<Object>>> combinations(List<List<Supplier<Object>>> choices) {
        List<List<Supplier<Object>>> all = new ArrayList<>();
        all.add(List.of());
        for (List<Supplier<Object>> choice : choices) {
            List<List<Supplier<Object>>> longer = new ArrayList<>();
            for (List<Supplier<Object>> prefix : all) {
                for (Supplier<Object> value : choice) {
                    List<Supplier<Object>> next = new ArrayList<>(prefix);
                    next.add(value);
                    longer.add(next);
                }
            }
            all = longer;
        }
        return all;
    }

    /** The public classes of package {@code dev.charter} in the agent jar, nested ones included. */
    private static List<Class<?>> publicClasses(String agentJar) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        try (JarFile jar = new JarFile(agentJar)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith("dev/charter/") && name.endsWith(".class") && name.indexOf('/', 12) < 0) {
                    names.add(name.substring(0, name.length() - 6).replace('/', '.'));
                }
            }
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name);
            if (Modifier.isPublic(type.getModifiers()) && !type.isAnnotation()) {
                types.add(type);
            }
        }
        System.out.println("classes " + types.stream().map(Class::getName).toList());
        return types;
    }

    private static void holdAdminBindingOnAnotherThread() throws InterruptedException {
        CountDownLatch bound = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            adminsOpenBinding = Charter.bind("user:admin");
            bound.countDown();
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "admin-holder");
        holder.setDaemon(true);
        holder.start();
        bound.await();
    }

    private static Void onNewThread(Runnable task) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread thread = new Thread(task);
        thread.setUncaughtExceptionHandler((t, e) -> failed.set(e));
        thread.start();
        thread.join();
        if (failed.get() != null && !(failed.get() instanceof ScopeViolation)) {
            ESCALATED.add("attack thread failed: " + failed.get());
        }
        return null;
    }

    private static String signature(Method method) {
        StringBuilder text = new StringBuilder(method.getDeclaringClass().getName()).append('#')
                .append(method.getName()).append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            text.append(i == 0 ? "" : ",").append(parameters[i].getTypeName());
        }
        return text.append(')').toString();
    }
}
