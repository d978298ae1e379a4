package dev.charter.agent.policy;

import java.util.List;
import java.util.Objects;

/**
 * Part of an identity's effective authority that another policy does not give it; {@link Policy#beyond}
 * lists them.
 *
 * @param identity  whose authority it is
 * @param scope     the scope pattern of that part, e.g. {@code "payments:refund"}
 * @param resources the resource globs a resource must all match there; empty for every resource
 * @param rule      {@code file:line} of the grant it comes from
 * @param example   an action scope of a call it covers and the other policy does not
 * @param resource  that call's resource, or {@code null} for a call that names no resource
 */
public record Reach(String identity, String scope, List<String> resources, String rule, String example,
        String resource) {

    /** Checks that identity, scope, rule and example are present, and keeps a copy of {@code resources}. */
    public Reach {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(example, "example");
        resources = List.copyOf(resources);
    }
}
