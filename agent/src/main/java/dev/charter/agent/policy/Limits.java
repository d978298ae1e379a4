package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 * @param resources  the grant's resource globs as written, sorted; empty when it covers every resource.
 *                   With the identity and a limit's window, the scope and resources name the counter of
 *                   a budget or a rate, whatever the grant's line or the order of its keys
 */
public record Limits(String rule, String identity, BigDecimal maxPerCall, Window budget, Window rate, Active active,
        Instant expires, String scope, List<String> resources) {

    /** Checks that the rule, identity, scope and resources are present. */
    public Limits {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(scope, "scope");
        resources = resources.stream().sorted().distinct().toList();
    }

    /** Whether the grant requires nothing beyond scope and resource: every part is absent. */
    public boolean none() {
        return maxPerCall == null && budget == null && rate == null && active == null && expires == null;
    }
}
