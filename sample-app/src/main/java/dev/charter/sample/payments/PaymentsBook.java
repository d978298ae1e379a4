package dev.charter.sample.payments;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import java.math.BigDecimal;

/** The payments service's own tool: it pays refunds out, whoever asks over the network. */
public final class PaymentsBook {

    @ScopedAction("payments:refund")
    public String refund(@ActsOn String order, @Spends BigDecimal amount) {
        return "refunded " + amount + " on " + order;
    }
}
