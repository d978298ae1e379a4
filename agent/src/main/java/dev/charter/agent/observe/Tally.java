package dev.charter.agent.observe;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts per action scope; adding to a scope seen before takes no lock and allocates nothing. */
final class Tally {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String scope) {
        LongAdder count = counts.get(scope);
        if (count == null) {
            count = counts.computeIfAbsent(scope, any -> new LongAdder());
        }
        count.increment();
    }

    /** The counts now, by scope in order. */
    Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((scope, count) -> snapshot.put(scope, count.sum()));
        return snapshot;
    }
}
