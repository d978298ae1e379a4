package dev.charter.agent.policy;

import java.util.List;
import java.util.Objects;

/**
 * One grant of an identity as the policy writes it; {@link Policy#grants} lists them.
 *
 * @param identity  the identity whose grant it is
 * @param rule      {@code file:line} of the grant's {@code scope} key
 * @param scope     the grant's scope pattern, for example {@code "payments:*"}
 * @param resources the grant's resource globs, for example {@code ["order/EU-*"]}; empty when it
 *                  covers every resource
 */
public record WrittenGrant(String identity, String rule, String scope, List<String> resources) {

    /** Checks that every part is present, and keeps an unmodifiable copy of {@code resources}. */
    public WrittenGrant {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(scope, "scope");
        resources = List.copyOf(resources);
    }

    /** {@code identity}'s compiled {@code grant}, as written. */
    static WrittenGrant of(String identity, Grant grant) {
        return new WrittenGrant(identity, grant.rule(), grant.scope().toString(),
                grant.resources().stream().map(ResourceGlob::toString).toList());
    }
}
