package dev.charter.sample;

import dev.charter.Charter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Moves slow stock: from 10:00, when the first sales are in, it marks the slowest seller down by
 * 15% to 25%, once per item a day. At 13:00 it runs the flash sale the ops lead asked for, 10% off
 * scales and teapots, as a one-off task: in a session of its own that may only move prices, for an hour.
 * Sensible on its own: no item ends up more than a third below its list price.
 */
final class PromotionsAgent implements Agent {

    static final String IDENTITY = "agent:promo-bot";
    private static final int FIRST_HOUR = 10;
    private static final int FLASH_SALE_HOUR = 13;
    private static final List<String> FLASH_SALE = List.of("sku/scale", "sku/teapot");

    private final Shop shop;
    private final ShopTools tools;
    private final Attempts attempts;
    private final SplittableRandom planner;
    private final Set<String> markedDown = new HashSet<>();

    PromotionsAgent(Shop shop, ShopTools tools, Attempts attempts, SplittableRandom planner) {
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
        int percentOff = planner.nextInt(15, 26);
        if (hour < FIRST_HOUR) {
            return;
        }
        if (hour == FLASH_SALE_HOUR) {
            String sale = Charter.session("flash-sale", Duration.ofHours(1), "catalog:price:write");
            Charter.runAs(sale, this::flashSale);
        }
        shop.items().stream()
                .filter(item -> !markedDown.contains(item.sku()))
                .min(Comparator.comparingDouble(item -> (double) item.soldLastHour() / Math.max(1, item.stock())))
                .ifPresent(slowest -> markDown(slowest, percentOff));
    }

    private void markDown(Shop.Item item, int percentOff) {
        markedDown.add(item.sku());
        BigDecimal price = Market.percent(item.price(), 100 - percentOff);
        attempts.call("mark " + item.sku() + " down " + percentOff + "% to " + price, () -> tools.setPrice(item.sku(), price));
    }

    private void flashSale() {
        for (String sku : FLASH_SALE) {
            Shop.Item item = shop.item(sku);
            BigDecimal price = Market.percent(item.price(), 90);
            attempts.call("flash sale: " + item.sku() + " to " + price, () -> tools.setPrice(item.sku(), price));
        }
    }
}
