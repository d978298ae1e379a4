package dev.charter.agent.enforce;

import dev.charter.Carry;
import dev.charter.Charter;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities JDK tasks captured when they were made, by task identity, held weakly. Built on the
 * JDK alone: the JDK's own thread and task constructors call it, from the first thread made before
 * {@code main}, where loading a cache library would cost start-up and risk loading classes inside them.
 */
public final class TaskBindings implements Carry.Store {

    private final ConcurrentHashMap<Object, Charter.Binding> captured = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    public TaskBindings() {
        // loads the key classes now, not first inside some JDK constructor
        captured.get(new Strong(new Weak(this, null)));
    }

    @Override
    public void put(Object task, Charter.Binding binding) {
        for (Object gone; (gone = collected.poll()) != null; ) {
            captured.remove(gone);
        }
        captured.put(new Weak(task, collected), binding);
    }

    @Override
    public Charter.Binding get(Object task) {
        return task == null ? null : captured.get(new Strong(task));
    }

    /** A task, compared by identity. */
    private interface Key {
        Object task();
    }

    /** The key kept: lets the task go. */
    private static final class Weak extends WeakReference<Object> implements Key {
        private final int hash;

        Weak(Object task, ReferenceQueue<Object> queue) {
            super(task, queue);
            this.hash = System.identityHashCode(task);
        }

        @Override
        public Object task() {
            return get();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object task = get();
            return task != null && other instanceof Key key && key.task() == task;
        }
    }

    /** The key a lookup makes. */
    private record Strong(Object task) implements Key {
        @Override
        public int hashCode() {
            return System.identityHashCode(task);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.task() == task;
        }
    }
}
