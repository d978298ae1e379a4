package dev.charter.it.app.passport;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;

/** The tools a service offers to callers in other processes. */
public final class Tools {

    private Tools() {
    }

    @ScopedAction("payments:refund")
    public static String refund(@ActsOn String order) {
        return "refunded " + order;
    }

    @ScopedAction("payments:report")
    public static String report() {
        return "report";
    }

    /** Runs {@code call} and says how it went, on one line: {@code ALLOWED as <identity>} or {@code DENIED <message>}. */
    public static String outcome(Runnable call) {
        String identity = dev.charter.Charter.current().orElse("none");
        try {
            call.run();
            return "ALLOWED as " + identity;
        } catch (SecurityException e) {
            return "DENIED " + e.getMessage();
        }
    }
}
