package dev.charter.agent.policy;

import dev.charter.agent.audit.JsonText;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What one grant requires of a call beyond its scope and resource; absent parts are {@code null}.
 * {@link Policy#limits} gives them for a call that {@link Policy#decide} allows.
 *
 * @param rule       {@code file:line} of the grant's {@code scope} key, which a refusal names
 * @param identity   the identity whose grant it is
 * @param maxPerCall the most one call may spend (the {@code @Spends} argument), at least zero
 * @param budget     the most that may be spent in a window
 * @param rate       the most calls that may be made in a window
 * @param active     when the grant may be used
 * @param expires    the instant from which the grant may no longer be used
 * @param scope      the grant's scope pattern as written
 * @param resources  the grant's resource globs as written, sorted; empty when it covers every resource
 * @param budgetCounter what names the budget's count in a ledger, or {@code null} without a budget
 * @param rateCounter   what names the rate's count in a ledger, or {@code null} without a rate
 */
public record Limits(String rule, String identity, BigDecimal maxPerCall, Window budget, Window rate, Active active,
        Instant expires, String scope, List<String> resources, String budgetCounter, String rateCounter) {

    /** Checks that the rule, identity, scope and resources are present. */
    public Limits {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(scope, "scope");
        resources = sortedOnce(resources);
    }

    /** The limits of a grant of {@code identity} on {@code scope} and {@code resources}, with their counters named. */
    public Limits(String rule, String identity, BigDecimal maxPerCall, Window budget, Window rate, Active active,
            Instant expires, String scope, List<String> resources) {
        this(rule, identity, maxPerCall, budget, rate, active, expires, scope, resources,
                counter("budget", identity, scope, resources, budget), counter("rate", identity, scope, resources, rate));
    }

    /**
     * The counter of one limit of a grant, named by the grant as written — identity, scope, sorted
     * resources, limit and window — so that neither its line nor the order of its keys matters, and
     * every ledger of every JVM names it alike:
     * {@code ["budget","agent:refund-bot","payments:refund",["order/EU-*"],"2000","PT24H"]}.
     */
    static String counter(String kind, String identity, String scope, List<String> resources, Window window) {
        return window == null ? null : JsonText.of(List.of(kind, identity, scope,
                sortedOnce(resources), window.limit().stripTrailingZeros().toPlainString(),
                window.per().toString()));
    }

    /** {@code texts} sorted, each once: a set, where a stream would load its machinery at every start. */
    private static List<String> sortedOnce(List<String> texts) {
        return List.copyOf(new TreeSet<>(texts));
    }

    /** Whether the grant requires nothing beyond scope and resource: every part is absent. */
    public boolean none() {
        return maxPerCall == null && budget == null && rate == null && active == null && expires == null;
    }
}
