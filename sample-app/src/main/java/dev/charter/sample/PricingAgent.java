package dev.charter.sample;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Keeps the shop competitive: each hour it takes the item a competitor undercuts most and matches
 * that price or goes a little under, never below its floor of cost plus 5%. Sensible on its own.
 */
final class PricingAgent implements Agent {

    static final String IDENTITY = "agent:pricing-bot";

    private final Shop shop;
    private final Market market;
    private final ShopTools tools;
    private final Attempts attempts;
    private final SplittableRandom planner;

    PricingAgent(Shop shop, Market market, ShopTools tools, Attempts attempts, SplittableRandom planner) {
        this.shop = shop;
        this.market = market;
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
        int undercut = planner.nextInt(0, 3);
        Shop.Item target = null;
        double lowest = 1;
        for (Shop.Item item : shop.items()) {
            double ratio = market.competitorPrice(item.sku()).doubleValue() / item.price().doubleValue();
            if (ratio < lowest) {
                lowest = ratio;
                target = item;
            }
        }
        if (target == null) {
            return;
        }
        BigDecimal floor = Market.percent(target.cost(), 105);
        BigDecimal price = Market.percent(market.competitorPrice(target.sku()), 100 - undercut).max(floor);
        if (price.compareTo(target.price()) < 0) {
            String sku = target.sku();
            attempts.call("set " + sku + " to " + price, () -> tools.setPrice(sku, price));
        }
    }
}
