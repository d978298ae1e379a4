package dev.charter;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Binds identities to threads: every {@link ScopedAction} runs under the identity bound to the
 * thread that calls it, and a thread with none bound is refused.
 *
 * <p>Nothing is inherited implicitly: a new thread starts unbound, and work handed to another
 * thread carries an identity only through {@link #wrap(Runnable)} or the Charter agent's
 * propagation. Without the agent attached, binding works and nothing is checked.
 */
public final class Charter {

    /** The innermost binding of each thread; read by the agent's gate on every scoped call. */
    static final ThreadLocal<Binding> BOUND = new ThreadLocal<>();

    private Charter() {
    }

    /**
     * Binds {@code identity} to the current thread until the returned binding is closed, which
     * restores the binding that was in force before.
     *
     * <pre>{@code
     * try (Charter.Binding ignored = Charter.bind("agent:refund-bot")) {
     *     refunds.refund(order, amount);
     * }
     * }</pre>
     */
    public static Binding bind(String identity) {
        Objects.requireNonNull(identity, "identity");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("identity must not be blank");
        }
        Binding binding = new Binding(identity, BOUND.get());
        BOUND.set(binding);
        return binding;
    }

    /** Runs {@code task} with {@code identity} bound to the current thread. */
    public static void runAs(String identity, Runnable task) {
        Objects.requireNonNull(task, "task");
        try (Binding ignored = bind(identity)) {
            task.run();
        }
    }

    /** Calls {@code task} with {@code identity} bound to the current thread and returns its result. */
    public static <T> T callAs(String identity, Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        try (Binding ignored = bind(identity)) {
            return task.call();
        }
    }

    /** The identity bound to the current thread, if any. */
    public static Optional<String> current() {
        Binding binding = BOUND.get();
        return binding == null ? Optional.empty() : Optional.of(binding.identity);
    }

    /**
     * Returns a task that runs {@code task} under the identity bound now, on whatever thread runs
     * it, and leaves that thread as it found it. Captured on an unbound thread, the task runs unbound.
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        Binding captured = BOUND.get();
        return () -> {
            Binding before = BOUND.get();
            BOUND.set(captured);
            try {
                task.run();
            } finally {
                BOUND.set(before);
            }
        };
    }

    /** Like {@link #wrap(Runnable)}, for a {@link Callable}. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Binding captured = BOUND.get();
        return () -> {
            Binding before = BOUND.get();
            BOUND.set(captured);
            try {
                return task.call();
            } finally {
                BOUND.set(before);
            }
        };
    }

    /** An identity bound to a thread; {@link #close()} restores the binding that was in force before it. */
    public static final class Binding implements AutoCloseable {

        final String identity;
        final Binding previous;
        /** The agent's compiled authority of this identity, cached here so the gate reads one field. */
        Object row;
        private boolean closed;

        Binding(String identity, Binding previous) {
            this.identity = identity;
            this.previous = previous;
        }

        /** The bound identity. */
        public String identity() {
            return identity;
        }

        /**
         * Restores the binding that was in force when this one was made. Closing twice does nothing;
         * closing a binding while one made after it is still open is an error.
         *
         * @throws IllegalStateException if called on another thread, or out of order
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            Binding innermost = BOUND.get();
            if (innermost != this) {
                throw new IllegalStateException("binding of '" + identity + "' closed out of order: "
                        + (innermost == null ? "this thread has no binding open"
                                : "'" + innermost.identity + "' was bound after it and is still open"));
            }
            closed = true;
            BOUND.set(previous);
        }

        @Override
        public String toString() {
            return "Binding[" + identity + "]";
        }
    }
}
