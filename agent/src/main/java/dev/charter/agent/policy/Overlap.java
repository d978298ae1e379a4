package dev.charter.agent.policy;

import java.util.Objects;

/**
 * Two identities whose effective authority both reach one scope on one resource, neither acting on
 * behalf of the other: on an {@link Exclusive} scope ({@link Policy#overlaps}) or on one that no
 * governance rule governs ({@link Policy#ungovernedOverlaps}).
 *
 * @param exclusive  the exclusive rule both reach, or {@code null} for an overlap no rule governs
 * @param first      the identity declared first
 * @param firstRule  {@code file:line} of the first identity's own grant that reaches it
 * @param second     the identity declared second
 * @param secondRule {@code file:line} of the second identity's own grant that reaches it
 * @param scope      an action scope in the overlap, for example {@code "catalog:price:write"}
 * @param resource   a resource in the overlap, for example {@code "sku/eu/x"}
 */
public record Overlap(Exclusive exclusive, String first, String firstRule, String second, String secondRule,
        String scope, String resource) {

    /** Checks that every part is present. */
    public Overlap {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(firstRule, "firstRule");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(secondRule, "secondRule");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(resource, "resource");
    }
}
