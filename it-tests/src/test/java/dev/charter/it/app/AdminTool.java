package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.ScopedAction;

/** What only {@code user:admin} may do under {@code it/ceiling.yaml}. */
public class AdminTool {

    @ScopedAction("admin:shutdown")
    public String shutdown() {
        return "shut down";
    }

    /** Binds {@code user:admin} here and calls its action: {@code ALLOWED}, or {@code DENIED ...}. */
    public static String escalate() {
        return Outcome.of(() -> Charter.callAs("user:admin", () -> new AdminTool().shutdown()));
    }
}
