package dev.charter.agent.enforce;

/**
 * One rewritten method: the scope it needs and which of its arguments name the resource and the spend.
 *
 * @param id the constant the rewritten method passes to the gate
 * @param scope the scope the action needs
 * @param method the method, as {@code com.acme.Refunds#refund(java.lang.String,long)}
 * @param hasResource whether an {@code @ActsOn} argument names the resource
 * @param hasSpend whether a {@code @Spends} argument names the amount
 * @param invalid why the action cannot be checked — an invalid scope, a {@code @Spends} parameter that
 *                is not a number — or {@code null}; such an action is always refused
 * @param where the method as the one frame of the stack trace of the refusals the policy decides
 */
public record ActionSite(int id, String scope, String method, boolean hasResource, boolean hasSpend, String invalid,
        StackTraceElement[] where) {

    /** An action of {@code method}, {@code com.acme.Refunds#refund(java.lang.String,long)}. */
    ActionSite(int id, String scope, String method, boolean hasResource, boolean hasSpend, String invalid) {
        this(id, scope, method, hasResource, hasSpend, invalid, new StackTraceElement[] {frame(method)});
    }

    private static StackTraceElement frame(String method) {
        int hash = method.indexOf('#');
        int paren = method.indexOf('(', hash + 1);
        return hash < 0 ? new StackTraceElement(method, "?", null, -1)
                : new StackTraceElement(method.substring(0, hash), method.substring(hash + 1, paren < 0 ? method.length() : paren),
                        null, -1);
    }
}
