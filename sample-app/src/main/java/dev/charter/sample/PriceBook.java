package dev.charter.sample;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import java.util.Map;
import java.util.TreeMap;

/** The shop's prices, in cents by SKU. */
public final class PriceBook {

    private final Map<String, Long> prices = new TreeMap<>();

    @ScopedAction("catalog:price:write")
    public void setPrice(@ActsOn String sku, long cents) {
        prices.put(sku, cents);
    }

    public Map<String, Long> prices() {
        return Map.copyOf(prices);
    }
}
