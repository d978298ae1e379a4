package dev.charter.agent.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.charter.Carry;
import dev.charter.Charter;

/** The identities JDK tasks captured when they were made, by task identity, held weakly. */
public final class TaskBindings implements Carry.Store {

    private final Cache<Object, Charter.Binding> captured = Caffeine.newBuilder()
            .weakKeys()
            .executor(Runnable::run)
            .build();

    @Override
    public void put(Object task, Charter.Binding binding) {
        captured.put(task, binding);
    }

    @Override
    public Charter.Binding get(Object task) {
        return captured.getIfPresent(task);
    }
}
