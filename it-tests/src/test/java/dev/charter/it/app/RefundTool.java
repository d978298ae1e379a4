package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;

public interface RefundTool {

    @ScopedAction("payments:refund")
    String refund(@ActsOn String order);

    @ScopedAction("payments:report")
    default String summary() {
        return "summary";
    }
}
