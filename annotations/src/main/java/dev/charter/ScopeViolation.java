package dev.charter;

/**
 * Thrown when the identity bound to the thread may not perform a {@link ScopedAction}.
 *
 * <p>The message is one plain line, fit to be shown to a person or handed to a model as a tool's
 * result: it names the identity, the scope, the resource, the reason and the policy rule that
 * decided, for example
 * {@code agent:refund-bot may not payments:refund on order/US-9: resource not granted (charter.yaml:14)}.
 */
public class ScopeViolation extends SecurityException {

    private static final long serialVersionUID = 1L;

    private final String identity;
    private final String scope;
    private final String resource;
    private final String reason;
    private final String rule;

    /**
     * Creates a refusal.
     *
     * @param identity the identity refused, or {@code null} when none was bound
     * @param scope the scope asked for
     * @param resource the resource acted on, or {@code null} when the action names none
     * @param reason why it was refused
     * @param rule the policy rule that decided ({@code file:line}), or {@code null} when no rule did
     */
    public ScopeViolation(String identity, String scope, String resource, String reason, String rule) {
        super(message(identity, scope, resource, reason, rule));
        this.identity = identity;
        this.scope = scope;
        this.resource = resource;
        this.reason = reason;
        this.rule = rule;
    }

    private static String message(String identity, String scope, String resource, String reason, String rule) {
        StringBuilder line = new StringBuilder();
        line.append(identity == null ? "unbound thread" : identity).append(" may not ").append(scope);
        if (resource != null) {
            line.append(" on ").append(resource);
        }
        line.append(": ").append(reason);
        if (rule != null) {
            line.append(" (").append(rule).append(')');
        }
        return line.toString();
    }

    /** The identity that was refused, or {@code null} when no identity was bound to the thread. */
    public String getIdentity() {
        return identity;
    }

    /** The scope the action needs. */
    public String getScope() {
        return scope;
    }

    /** The resource the action touches, or {@code null} when it names none. */
    public String getResource() {
        return resource;
    }

    /** Why the action was refused. */
    public String getReason() {
        return reason;
    }

    /** The policy rule that decided, as {@code file:line}, or {@code null} when no rule grants the action. */
    public String getRule() {
        return rule;
    }
}
