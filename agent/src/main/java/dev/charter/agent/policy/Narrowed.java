package dev.charter.agent.policy;

import java.util.Objects;

/**
 * A delegate's grant that reaches beyond the effective authority of its principal: the delegate's
 * effective authority is narrower than the grant says. {@link Policy#narrowed} lists them.
 *
 * @param grant     the delegate's grant; its {@link WrittenGrant#identity} is the delegate
 * @param principal the identity the delegate acts on behalf of (its {@code on-behalf-of})
 * @param scope     an action scope of a call the grant covers and the principal's effective authority
 *                  does not, for example {@code "payments:refund"}
 * @param resource  that call's resource, for example {@code "order/x"}; {@code null} for a call that
 *                  names no resource (the grant lists none, and the principal's grants for the scope
 *                  all do)
 * @param unusable  whether the principal's effective authority holds none of the grant, so that the
 *                  delegate can never use it
 */
public record Narrowed(WrittenGrant grant, String principal, String scope, String resource, boolean unusable) {

    /** Checks that the grant, principal and scope are present. */
    public Narrowed {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(scope, "scope");
    }
}
