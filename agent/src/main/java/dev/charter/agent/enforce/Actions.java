package dev.charter.agent.enforce;

import dev.charter.agent.policy.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Every action rewritten so far, indexed by the id compiled into its method. */
public final class Actions {

    private final CopyOnWriteArrayList<ActionSite> sites = new CopyOnWriteArrayList<>();
    /** A method rewritten again (retransformed, or loaded by another class loader) keeps its id. */
    private final Map<String, ActionSite> byMethod = new HashMap<>();
    /** The actions of each method, by its description: what a framework's tool list is filtered by. */
    private final Map<String, List<ActionSite>> ofMethod = new ConcurrentHashMap<>();

    /** Registers a rewritten method and returns the action whose id its entry check passes to the gate. */
    public ActionSite register(String scope, String method, boolean hasResource, boolean hasSpend) {
        return register(scope, method, hasResource, hasSpend, null);
    }

    /**
     * Registers a rewritten method; {@code nonNumericSpend} names the type of its {@code @Spends}
     * parameter when that type is not a number, which makes the action refuse every call.
     */
    public synchronized ActionSite register(String scope, String method, boolean hasResource, boolean hasSpend,
            String nonNumericSpend) {
        return byMethod.computeIfAbsent(scope + ' ' + method, key -> {
            String scopeProblem = Policy.checkActionScope(scope);
            String invalid = scopeProblem != null ? "invalid scope: " + scopeProblem
                    : nonNumericSpend != null ? "its @Spends parameter is a " + nonNumericSpend + ", not a number" : null;
            ActionSite site = new ActionSite(sites.size(), scope, method, hasResource, hasSpend, invalid);
            sites.add(site);
            ofMethod.merge(method, List.of(site), (known, added) -> Stream.concat(known.stream(), added.stream()).toList());
            return site;
        });
    }

    /** The actions of {@code method} ({@code com.acme.Refunds#refund(java.lang.String,long)}); none when it is not scoped. */
    List<ActionSite> of(String method) {
        return ofMethod.getOrDefault(method, List.of());
    }

    /** The actions registered so far, in id order. */
    List<ActionSite> snapshot() {
        return List.copyOf(sites);
    }

    ActionSite get(int id) {
        return sites.get(id);
    }

    /** How many actions are registered; ids run from 0 to this, exclusive. */
    public int count() {
        return sites.size();
    }
}
