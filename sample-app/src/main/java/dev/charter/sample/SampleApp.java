package dev.charter.sample;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small shop run by agents, each under its own identity. Run it with the Charter agent and
 * {@code sample-app/charter.yaml}: the refund bot may refund only EU orders, the pricing bot may
 * only move prices, and work with no identity is refused.
 */
public final class SampleApp {

    private final RefundDesk refunds = new RefundDesk();
    private final PriceBook prices = new PriceBook();
    private final List<String> report = new ArrayList<>();

    private SampleApp() {
    }

    public static void main(String[] args) throws Exception {
        SampleApp shop = new SampleApp();
        shop.run();
        shop.report.forEach(System.out::println);
        System.out.println();
        System.out.println("refunded: " + shop.refunds.refunded());
        System.out.println("prices:   " + shop.prices.prices());
    }

    private void run() throws Exception {
        attempt("agent:refund-bot", "refund order/EU-1001", () -> refunds.refund("order/EU-1001", 1999));
        attempt("agent:refund-bot", "refund order/US-2002", () -> refunds.refund("order/US-2002", 4999));
        attempt("agent:pricing-bot", "price sku/mug to 12.00", () -> prices.setPrice("sku/mug", 1200));
        attempt("agent:pricing-bot", "refund order/EU-1001", () -> refunds.refund("order/EU-1001", 1999));
        attempt("agent:refund-bot", "price sku/mug to 0.01", () -> prices.setPrice("sku/mug", 1));
        attempt(null, "refund order/EU-3003 from an unbound thread", () -> refunds.refund("order/EU-3003", 500));
        // a helper thread gets the identity only when the work is handed over explicitly
        ExecutorService helpers = Executors.newSingleThreadExecutor();
        try {
            Charter.runAs("agent:refund-bot", () -> {
                try {
                    helpers.submit(Charter.wrap(() -> attempt(null, "refund order/EU-4004 on a helper thread (wrapped)",
                            () -> refunds.refund("order/EU-4004", 250)))).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            helpers.shutdown();
        }
    }

    private void attempt(String identity, String what, Runnable action) {
        String who = identity != null ? identity : Charter.current().orElse("(no identity)");
        try {
            if (identity == null) {
                action.run();
            } else {
                Charter.runAs(identity, action);
            }
            report.add(String.format("%-18s %-50s allowed", who, what));
        } catch (ScopeViolation refused) {
            report.add(String.format("%-18s %-50s REFUSED: %s", who, what, refused.getMessage()));
        }
    }
}
