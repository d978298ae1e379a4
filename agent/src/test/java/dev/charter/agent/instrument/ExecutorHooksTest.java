package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.Charter;
import dev.charter.fixture.executors.Executors;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executor hooks, woven in-process by the agent's own transformer: every class that is an
 * {@code Executor}, through whichever supertype, has what it is handed wrapped to run under the
 * identity of whoever handed it; nothing else is touched.
 */
class ExecutorHooksTest {

    private static final String FIXTURES = Executors.class.getName() + "$";
    private static final Class<?> WRAPPED = Charter.wrap(() -> { }).getClass();
    private static final Class<?> WRAPPED_CALLABLE = Charter.wrap(() -> null).getClass();

    private RewritingLoader loader;

    @BeforeEach
    void newLoader() {
        loader = new RewritingLoader(Rewriter.of(null, TestEnforcement.actions(), List.of(), Propagation.hooks()));
        handed().clear();
    }

    @SuppressWarnings("unchecked")
    private List<Object> handed() {
        try {
            return (List<Object>) loader.loadClass(Executors.class.getName()).getField("HANDED").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private Object make(String fixture) throws Exception {
        return loader.loadClass(FIXTURES + fixture).getConstructor().newInstance();
    }

    /** Hands {@code task} to {@code method(Runnable)} of {@code executor} while {@code identity} is bound; what arrived. */
    private Object hand(Object executor, String identity, Runnable task) throws Exception {
        Charter.callAs(identity, () -> executor.getClass().getMethod("execute", Runnable.class).invoke(executor, task));
        return handed().get(handed().size() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Direct", "SubclassOfDirect", "Queuing", "Pool"})
    void executor_throughAnySupertype_wrapsWhatItIsHanded_toRunAsTheSubmitter(String fixture) throws Exception {
        AtomicReference<String> ranAs = new AtomicReference<>();
        Runnable task = () -> ranAs.set(Charter.current().orElse("unbound"));
        Object arrived = hand(make(fixture), "user:alice", task);
        assertSame(WRAPPED, arrived.getClass(), fixture + " was handed " + arrived);
        ((Runnable) arrived).run(); // here, on an unbound thread
        assertEquals("user:alice", ranAs.get());
        assertTrue(loader.rewritten.containsKey(FIXTURES + fixture));
    }

    @Test
    void subclassCallingSuper_wrapsOnce() throws Exception {
        Runnable task = () -> { };
        Object arrived = hand(make("SubclassOfDirect"), "user:alice", task);
        Object inner = field(arrived, "task");
        assertSame(task, inner, "one wrapper around the task itself");
    }

    @Test
    void whatCarriesItsBindingAlready_passesAsItIs() throws Exception {
        Runnable wrapped = Charter.callAs("agent:bot", () -> Charter.wrap(() -> { }));
        assertSame(wrapped, hand(make("Direct"), "user:alice", wrapped));
        java.util.concurrent.FutureTask<Void> future = new java.util.concurrent.FutureTask<>(() -> { }, null);
        assertSame(future, hand(make("Direct"), "user:alice", future));
    }

    @Test
    void executorInheritingItsExecute_isNotRewritten_andStillWraps() throws Exception {
        Object arrived = hand(make("InheritsExecute"), "user:alice", () -> { });
        assertSame(WRAPPED, arrived.getClass());
        assertFalse(loader.rewritten.containsKey(FIXTURES + "InheritsExecute"), "declares nothing to hook");
    }

    @Test
    void submitOfACallable_queuedWithoutExecute_isWrapped() throws Exception {
        Object queuing = make("Queuing");
        Callable<String> task = () -> Charter.current().orElse("unbound");
        Charter.callAs("user:alice", () -> queuing.getClass().getMethod("submit", Callable.class).invoke(queuing, task));
        Object arrived = handed().get(0);
        assertSame(WRAPPED_CALLABLE, arrived.getClass());
        assertEquals("user:alice", ((Callable<?>) arrived).call());
    }

    @Test
    void invokeAll_wrapsEachCallable_inOrder() throws Exception {
        Object queuing = make("Queuing");
        Callable<String> first = () -> "first";
        Callable<String> second = () -> Charter.current().orElse("unbound");
        Charter.callAs("user:alice", () -> queuing.getClass().getMethod("invokeAll", Collection.class)
                .invoke(queuing, List.of(first, second)));
        List<?> arrived = (List<?>) handed().get(0);
        assertEquals(2, arrived.size());
        assertEquals("first", ((Callable<?>) arrived.get(0)).call());
        assertEquals("user:alice", ((Callable<?>) arrived.get(1)).call());
    }

    @Test
    void scheduledWays_areWrapped() throws Exception {
        Object scheduling = make("Scheduling");
        try {
            Runnable task = () -> { };
            Callable<String> callable = () -> Charter.current().orElse("unbound");
            Charter.callAs("user:alice", () -> {
                scheduling.getClass().getMethod("scheduleAtFixedRate", Runnable.class, long.class, long.class,
                        TimeUnit.class).invoke(scheduling, task, 1L, 1L, TimeUnit.DAYS);
                return scheduling.getClass().getMethod("schedule", Callable.class, long.class, TimeUnit.class)
                        .invoke(scheduling, callable, 1L, TimeUnit.DAYS);
            });
            assertSame(WRAPPED, handed().get(0).getClass());
            assertEquals("user:alice", ((Callable<?>) handed().get(1)).call());
        } finally {
            ((java.util.concurrent.ExecutorService) scheduling).shutdownNow();
        }
    }

    @Test
    void abstractExecute_isNotWoven_andTheClassLoads() throws Exception {
        Class<?> type = loader.loadClass(FIXTURES + "Abstract");
        assertFalse(loader.rewritten.containsKey(type.getName()), "an abstract execute has nothing to weave");
    }

    @Test
    void methodNamedExecute_onAClassThatIsNoExecutor_isLeftAlone() throws Exception {
        Runnable task = () -> { };
        assertSame(task, hand(make("NotAnExecutor"), "user:alice", task));
        assertFalse(loader.rewritten.containsKey(FIXTURES + "NotAnExecutor"));
    }

    @Test
    void jdkTypes_areExecutorsAsTheJdkSays() {
        assertTrue(Hierarchy.jdk("java/util/concurrent/ScheduledExecutorService").executor());
        assertTrue(Hierarchy.jdk("java/util/concurrent/ForkJoinPool").executor());
        assertFalse(Hierarchy.jdk("java/lang/Runnable").executor());
        assertFalse(Hierarchy.jdk("java/util/concurrent/NoSuchExecutor").executor());
    }

    @Test
    void executorOfJetty_whoseTasksAreTheirOwnErrorHandlers_isNotCarriedThrough() {
        assertFalse(Propagation.carriesThrough("org/eclipse/jetty/util/thread/SerializedExecutor"));
        assertTrue(Propagation.carriesThrough("org/eclipse/jetty/util/thread/QueuedThreadPool"));
    }

    /** An executor whose {@code execute} is so large that the hook's few bytes would take it past 64 KB. */
    private static byte[] hugeExecutor() {
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
        writer.visit(org.objectweb.asm.Opcodes.V17, org.objectweb.asm.Opcodes.ACC_PUBLIC, HUGE, null, "java/lang/Object",
                new String[] {"java/util/concurrent/Executor"});
        org.objectweb.asm.MethodVisitor execute = writer.visitMethod(org.objectweb.asm.Opcodes.ACC_PUBLIC, "execute",
                "(Ljava/lang/Runnable;)V", null, null);
        execute.visitCode();
        for (int i = 0; i < 65_532; i++) {
            execute.visitInsn(org.objectweb.asm.Opcodes.NOP);
        }
        execute.visitInsn(org.objectweb.asm.Opcodes.RETURN);
        execute.visitMaxs(0, 0);
        execute.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static final String HUGE = "dev/charter/fixture/executors/Huge";
    private static final String CANNOT = "Charter could not rewrite dev.charter.fixture.executors.Huge: "
            + "work it runs would not carry its origin's identity and ceiling: ";

    @Test
    void executorWhoseExecuteCannotBeWoven_cannotLoad() {
        Rewriter rewriter = Rewriter.of(null, TestEnforcement.actions(), List.of(), Propagation.hooks());
        byte[] refused = rewriter.transform(null, getClass().getClassLoader(), HUGE, null, null, hugeExecutor());
        NoClassDefFoundError error = assertThrows(NoClassDefFoundError.class, () -> new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(HUGE.replace('/', '.'), refused, 0, refused.length);
            }
        }.define());
        String message = error.getMessage().replace('\u2024', '.').replace('\u2215', '/');
        assertTrue(message.startsWith("charter cannot enforce " + CANNOT), message);
    }

    @Test
    void loadedExecutorWhoseExecuteCannotBeWoven_stopsTheInstall() {
        Class<?> loaded = Executors.Direct.class; // stands for a class loaded before the agent, with the huge class file
        java.lang.instrument.Instrumentation jvm = FakeJvm.retransforming(loaded, HUGE, hugeExecutor());
        Rewriter rewriter = Rewriter.of(jvm, TestEnforcement.actions(), List.of(), Propagation.hooks());
        IllegalStateException stopped = assertThrows(IllegalStateException.class, rewriter::install);
        assertTrue(stopped.getMessage().startsWith(CANNOT), stopped.getMessage());
    }

    private static Object field(Object from, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = from.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(from);
    }

    @Test
    void wrapOfAWrappedCallable_isItself() {
        Callable<String> wrapped = Charter.wrap(() -> "x");
        assertSame(wrapped, dev.charter.Carry.wrap(wrapped));
        assertNotSame(wrapped, dev.charter.Carry.wrap((Callable<String>) () -> "x"));
    }
}
