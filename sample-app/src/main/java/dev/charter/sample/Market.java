package dev.charter.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The world outside the crew, drawn from a seeded random source so that every run sees the same
 * day: competitors' prices, customers' demand, and the support tickets routed to the refund desk.
 */
final class Market {

    /** A customer asking for money back on an order; the region is the order number's prefix. */
    record Ticket(String order, BigDecimal amount) {
    }

    /** From this hour on, the support router sends the refund desk every region's tickets, not only the EU's. */
    static final int ROUTER_CHANGE = 11;

    private final SplittableRandom random;
    private final Map<String, BigDecimal> competitorPrices = new HashMap<>();
    private final List<Ticket> tickets = new ArrayList<>();
    private int nextOrder = 1001;

    Market(SplittableRandom random) {
        this.random = random;
    }

    /** Draws the hour's competitor prices (72% to 102% of list) and one or two support tickets. */
    synchronized void open(int hour, List<Shop.Item> items) {
        for (Shop.Item item : items) {
            competitorPrices.put(item.sku(), percent(item.list(), random.nextInt(72, 103)));
        }
        tickets.clear();
        for (int count = random.nextInt(1, 3); count > 0; count--) {
            int roll = random.nextInt(10);
            String region = hour < ROUTER_CHANGE || roll < 5 ? "EU" : roll < 8 ? "US" : "APAC";
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(1500, 14000), 2);
            tickets.add(new Ticket("order/" + region + "-" + nextOrder++, amount));
        }
    }

    synchronized BigDecimal competitorPrice(String sku) {
        return competitorPrices.get(sku);
    }

    synchronized List<Ticket> tickets() {
        return List.copyOf(tickets);
    }

    /** Units customers want this hour: more the further the price is below list, give or take 20%. */
    synchronized int demand(Shop.Item item) {
        double cheaper = item.list().doubleValue() / item.price().doubleValue();
        return (int) Math.round(item.hourlyDemand() * cheaper * cheaper * (0.8 + random.nextDouble(0.4)));
    }

    /** {@code percent}% of {@code amount}, in cents. */
    static BigDecimal percent(BigDecimal amount, int percent) {
        return amount.multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }
}
