package dev.charter.it.cli;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;

/** Scanned by CommandLineIT, never run: actions its policy grants. */
public class Billing {

    @ScopedAction("billing:invoice")
    public String invoice(@ActsOn String customer, @Spends long cents) {
        return customer + cents;
    }

    @ScopedAction("billing:refund")
    public String refund(@ActsOn String customer, @Spends long cents) {
        return customer + -cents;
    }
}
