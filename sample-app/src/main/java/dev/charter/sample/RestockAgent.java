package dev.charter.sample;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reorders what runs low (under 30% of its shelf): twelve hours of sales at the last hour's pace,
 * times a safety margin of 1.2 to 2. Sensible from the sales figures it sees; it does not see the
 * shelves or the day's purchasing so far. When an order is refused, it asks for half next time.
 */
final class RestockAgent implements Agent {

    static final String IDENTITY = "agent:restock-bot";
    private static final int HOURS_OF_COVER = 12;

    private final Shop shop;
    private final ShopTools tools;
    private final Attempts attempts;
    private final SplittableRandom planner;
    /** How often each item's order was refused today: each refusal halves its next order. */
    private final Map<String, Integer> refusals = new HashMap<>();

    RestockAgent(Shop shop, ShopTools tools, Attempts attempts, SplittableRandom planner) {
        this.shop = shop;
        this.tools = tools;
        this.attempts = attempts;
        this.planner = planner;
    }

    @Override
    public String identity() {
        return IDENTITY;
    }

    @Override
    public void workHour(int hour) {
        for (Shop.Item item : shop.items()) {
            double safety = 1.2 + planner.nextInt(9) / 10.0;
            if (item.stock() * 10 >= item.capacity() * 3) {
                continue;
            }
            int halvings = refusals.getOrDefault(item.sku(), 0);
            int units = Math.max(10, (int) Math.ceil(item.soldLastHour() * HOURS_OF_COVER * safety) >> halvings);
            BigDecimal total = item.cost().multiply(BigDecimal.valueOf(units));
            if (!attempts.call("buy " + units + " " + item.sku() + " for " + total,
                    () -> tools.purchase(item.sku(), units, total))) {
                refusals.merge(item.sku(), 1, Integer::sum);
            }
        }
    }
}
