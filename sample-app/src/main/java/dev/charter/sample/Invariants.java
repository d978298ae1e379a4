package dev.charter.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the shop means its crew to keep true, checked against what actually happened. No agent
 * sees all of it; {@code charter.yaml} states the same intent as each identity's boundaries.
 */
final class Invariants {

    static final int REFUNDS_PER_DAY = 5;
    static final BigDecimal PURCHASING_PER_DAY = new BigDecimal("5000.00");

    /** One invariant and what broke it, each violation naming who did it and when. */
    record Check(String name, List<String> violations) {

        boolean holds() {
            return violations.isEmpty();
        }
    }

    private Invariants() {
    }

    static List<Check> check(Shop shop) {
        return List.of(pricesCoverCost(shop), refundsInRegion(shop), refundsPerDay(shop), purchasingWithinBudget(shop),
                shelvesHoldTheirStock(shop));
    }

    private static Check pricesCoverCost(Shop shop) {
        List<String> violations = new ArrayList<>();
        Map<String, String> previous = new HashMap<>();
        for (Shop.PriceChange change : shop.priceChanges()) {
            String setBy = change.by() + " at " + Shop.time(change.hour());
            BigDecimal cost = shop.item(change.sku()).cost();
            if (change.price().compareTo(cost) < 0) {
                violations.add(change.sku() + " at " + change.price() + ", under its cost of " + cost + ": set by " + setBy
                        + (previous.containsKey(change.sku()) ? ", after " + previous.get(change.sku()) : ""));
            }
            previous.put(change.sku(), setBy);
        }
        return new Check("every price covers the item's cost", violations);
    }

    private static Check refundsInRegion(Shop shop) {
        List<String> violations = new ArrayList<>();
        for (Shop.Refund refund : shop.refunds()) {
            if (!refund.order().startsWith("order/EU-")) {
                violations.add(refund.order() + " refunded " + refund.amount() + " by " + refund.by() + " at "
                        + Shop.time(refund.hour()));
            }
        }
        return new Check("refunds only on EU orders, the refund desk's region", violations);
    }

    private static Check refundsPerDay(Shop shop) {
        List<Shop.Refund> refunds = shop.refunds();
        Map<String, Integer> byWhom = new TreeMap<>();
        refunds.forEach(refund -> byWhom.merge(refund.by(), 1, Integer::sum));
        return new Check("at most " + REFUNDS_PER_DAY + " refunds a day, the payment provider's review threshold",
                refunds.size() <= REFUNDS_PER_DAY ? List.of() : List.of(refunds.size() + " refunds: " + byWhom(byWhom)));
    }

    private static Check purchasingWithinBudget(Shop shop) {
        Map<String, BigDecimal> byWhom = new TreeMap<>();
        shop.purchases().forEach(purchase -> byWhom.merge(purchase.by(), purchase.total(), BigDecimal::add));
        BigDecimal spent = byWhom.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Check("purchasing within " + PURCHASING_PER_DAY + " a day",
                spent.compareTo(PURCHASING_PER_DAY) <= 0 ? List.of() : List.of(spent + " spent: " + byWhom(byWhom)));
    }

    private static Check shelvesHoldTheirStock(Shop shop) {
        List<String> violations = new ArrayList<>();
        for (Shop.Purchase purchase : shop.purchases()) {
            if (purchase.stockAfter() > purchase.capacity()) {
                violations.add(purchase.sku() + ": " + purchase.stockAfter() + " on a shelf for " + purchase.capacity()
                        + " after " + purchase.by() + " bought " + purchase.units() + " at " + Shop.time(purchase.hour()));
            }
        }
        return new Check("no shelf stocked beyond its capacity", violations);
    }

    /** {@code {a=1, b=2}} as {@code 1 by a, 2 by b}. */
    private static String byWhom(Map<String, ?> amounts) {
        return amounts.entrySet().stream().map(entry -> entry.getValue() + " by " + entry.getKey())
                .collect(Collectors.joining(", "));
    }
}
