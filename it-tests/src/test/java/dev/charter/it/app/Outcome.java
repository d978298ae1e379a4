package dev.charter.it.app;

import dev.charter.ScopeViolation;
import java.util.concurrent.Callable;

/**
 * What a call came to, from the refusal's parts rather than its message:
 * {@code ALLOWED}, {@code DENIED <scope> for <identity> on <resource>: <reason>} or {@code ERROR <exception>}.
 */
final class Outcome {

    private Outcome() {
    }

    static String of(Callable<?> call) {
        try {
            call.call();
            return "ALLOWED";
        } catch (ScopeViolation refused) {
            return "DENIED " + refused.getScope() + " for " + refused.getIdentity() + " on " + refused.getResource()
                    + ": " + refused.getReason();
        } catch (Exception | Error e) {
            return "ERROR " + e;
        }
    }
}
