package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.Spends;
import java.math.BigDecimal;

public class Catalog {

    @ScopedAction("catalog:price:write")
    public String setPrice(@ActsOn String sku, @Spends BigDecimal price) {
        return sku + "=" + price;
    }
}
