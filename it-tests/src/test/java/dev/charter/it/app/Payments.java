package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;

public class Payments {

    @ScopedAction("payments:refund")
    public String refund(@ActsOn String order, @Spends long cents) {
        return "refunded " + order + " " + cents;
    }

    @ScopedAction("payments:report")
    public static String report() {
        return "report";
    }

    /** Not scoped itself: calls the scoped method on this object. */
    public String refundAll(String... orders) {
        StringBuilder done = new StringBuilder();
        for (String order : orders) {
            done.append(refund(order, 1));
        }
        return done.toString();
    }
}
