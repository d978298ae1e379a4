package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.Charter;
import dev.charter.Governor;
import dev.charter.ScopedAction;
import java.math.BigDecimal;
import java.util.concurrent.Callable;

/**
 * Spends, rates, deferrals and leases against {@code it/limits.yaml}, with a governor that approves
 * refunds up to 450 and refuses the rest. Prints {@code <name> <outcome>} lines.
 */
public final class Limited {

    private static final Payments PAYMENTS = new Payments();
    private static final Catalog CATALOG = new Catalog();

    private Limited() {
    }

    /** A rate-limited action. */
    public static final class Reports {
        @ScopedAction("reports:run")
        public String run(@ActsOn String name) {
            return "ran " + name;
        }
    }

    public static void main(String[] args) throws Exception {
        Charter.governor(deferral -> deferral.spend().compareTo(new BigDecimal("450")) <= 0
                ? Governor.Verdict.approve("within the desk's discretion")
                : Governor.Verdict.refuse("over 450 needs a second signature"));
        print("small-refund", "agent:refund-bot", () -> PAYMENTS.refund("order/EU-1", 200));
        print("over-max-per-call", "agent:refund-bot", () -> PAYMENTS.refund("order/EU-2", 600));
        print("deferred-approved", "agent:refund-bot", () -> PAYMENTS.refund("order/EU-3", 400));
        print("deferred-refused", "agent:refund-bot", () -> PAYMENTS.refund("order/EU-4", 480));
        Charter.governor(null);
        print("deferred-no-governor", "agent:refund-bot", () -> PAYMENTS.refund("order/EU-5", 350));
        int refunds = 0;
        String last = "";
        while (refunds < 100) {
            last = Scenarios.outcome(() -> Charter.callAs("agent:refund-bot", () -> PAYMENTS.refund("order/EU-9", 300)));
            if (!last.equals("ALLOWED")) {
                break;
            }
            refunds++;
        }
        System.out.println("bot-budget-refunds " + refunds);
        System.out.println("bot-budget-exhausted " + last);
        Charter.governor(deferral -> Governor.Verdict.approve("the ops lead signs off"));
        print("alice-budget-after-bot", "user:alice", () -> PAYMENTS.refund("order/US-1", 3200));
        print("alice-budget-over", "user:alice", () -> PAYMENTS.refund("order/US-2", 1));
        Reports reports = new Reports();
        for (int i = 1; i <= 4; i++) {
            print("rate-" + i, "user:alice", () -> reports.run("daily"));
        }
        print("lease-first", "agent:pricing-bot", () -> CATALOG.setPrice("sku/mug", BigDecimal.TEN));
        print("lease-held", "agent:promo-bot", () -> CATALOG.setPrice("sku/mug", BigDecimal.ONE));
        print("lease-other-resource", "agent:promo-bot", () -> CATALOG.setPrice("sku/cup", BigDecimal.ONE));
        Thread.sleep(2_100);
        print("lease-after-expiry", "agent:promo-bot", () -> CATALOG.setPrice("sku/mug", BigDecimal.ONE));
    }

    private static void print(String name, String identity, Callable<?> action) {
        System.out.println(name + " " + Scenarios.outcome(() -> Charter.callAs(identity, action)));
    }
}
