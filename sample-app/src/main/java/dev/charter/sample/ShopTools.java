package dev.charter.sample;

import dev.charter.ActsOn;
import dev.charter.Charter;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import java.math.BigDecimal;

/**
 * The tools handed to every agent, as an agent framework hands them out: any agent can call any
 * of them. Which identity may use which, on what and for how much, is the policy's business, and
 * with the Charter agent attached it is checked before each body runs.
 */
final class ShopTools {

    private final Shop shop;

    ShopTools(Shop shop) {
        this.shop = shop;
    }

    @ScopedAction("catalog:price:write")
    void setPrice(@ActsOn String sku, BigDecimal price) {
        shop.setPrice(sku, price, actor());
    }

    @ScopedAction("payments:refund")
    void refund(@ActsOn String order, @Spends BigDecimal amount) {
        shop.refund(order, amount, actor());
    }

    @ScopedAction("stock:purchase")
    void purchase(@ActsOn String sku, int units, @Spends BigDecimal total) {
        shop.receive(sku, units, total, actor());
    }

    private static String actor() {
        return Charter.current().orElse("(no identity)");
    }
}
