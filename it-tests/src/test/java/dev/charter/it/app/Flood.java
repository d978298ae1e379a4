package dev.charter.it.app;

import dev.charter.ScopeViolation;
import java.util.concurrent.atomic.AtomicInteger;

/** Two threads make {@code args[0]} refused calls each, then the count of refusals is printed. */
public final class Flood {

    private Flood() {
    }

    public static void main(String[] args) throws InterruptedException {
        int calls = Integer.parseInt(args[0]);
        AtomicInteger refused = new AtomicInteger();
        Payments payments = new Payments();
        Runnable flood = () -> {
            for (int i = 0; i < calls; i++) {
                try {
                    payments.refund("order/EU-" + i, i);
                } catch (ScopeViolation expected) {
                    refused.incrementAndGet();
                }
            }
        };
        Thread first = new Thread(flood, "flood-1");
        Thread second = new Thread(flood, "flood-2");
        first.start();
        second.start();
        first.join();
        second.join();
        System.out.println("refused " + refused.get());
    }
}
