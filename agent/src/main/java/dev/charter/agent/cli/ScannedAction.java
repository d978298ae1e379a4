package dev.charter.agent.cli;

/**
 * A method the agent would enforce, as found in a class file: one declaring {@code @ScopedAction}, or
 * one an {@code actions} entry of the policy targets.
 *
 * @param type   the declaring class, for example {@code com.acme.Refunds}
 * @param method the method and its parameter types, for example {@code refund(java.lang.String,long)}
 * @param scope  the annotation's value ({@code null} when it has none), or the entry's scope for this method
 * @param source the source file and first line of the method, for example
 *               {@code com/acme/Refunds.java:14}, or {@code null} when the class file does not say
 * @param file   where the class file was read, for example {@code app.jar!/com/acme/Refunds.class}
 * @param rule   {@code file:line} of the {@code actions} entry that targets it, or {@code null} for the annotation
 * @param spends whether a call names an amount: a {@code @Spends} parameter, or the entry's {@code spends}
 */
record ScannedAction(String type, String method, String scope, String source, String file, String rule, boolean spends) {

    /** {@code type#method}, as the policy's {@code actions} name methods. */
    String name() {
        return type + "#" + method;
    }

    /** Where a person looks for it: its source line, or else its class file. */
    String where() {
        return source != null ? source : file;
    }
}
