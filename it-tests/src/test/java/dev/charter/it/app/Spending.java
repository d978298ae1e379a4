package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import java.math.BigDecimal;

/** The same refund with its amount in every type a caller might use, and a capture that governance defers. */
public class Spending {

    @ScopedAction("payments:refund")
    public String inLong(@ActsOn String order, @Spends long amount) {
        return order + " " + amount;
    }

    @ScopedAction("payments:refund")
    public String inDouble(@ActsOn String order, @Spends double amount) {
        return order + " " + amount;
    }

    @ScopedAction("payments:refund")
    public String inBoxed(@ActsOn String order, @Spends Long amount) {
        return order + " " + amount;
    }

    @ScopedAction("payments:refund")
    public String inDecimal(@ActsOn String order, @Spends BigDecimal amount) {
        return order + " " + amount;
    }

    @ScopedAction("payments:refund")
    public String inNumber(@ActsOn String order, @Spends Number amount) {
        return order + " " + amount;
    }

    @ScopedAction("payments:refund")
    public String inText(@ActsOn String order, @Spends String amount) {
        return order + " " + amount;
    }

    @ScopedAction("payments:capture")
    public String capture(@ActsOn String order) {
        return "captured " + order;
    }
}
