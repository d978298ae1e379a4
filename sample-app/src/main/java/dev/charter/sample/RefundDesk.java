package dev.charter.sample;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import java.util.ArrayList;
import java.util.List;

/** The shop's refund tool, shared by every agent that may refund. */
public final class RefundDesk {

    private final List<String> refunded = new ArrayList<>();

    @ScopedAction("payments:refund")
    public void refund(@ActsOn String order, @Spends long cents) {
        refunded.add(order + " (" + cents / 100 + "." + String.format("%02d", cents % 100) + ")");
    }

    public List<String> refunded() {
        return List.copyOf(refunded);
    }
}
