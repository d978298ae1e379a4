package dev.charter.sample;

/**
 * The ops lead herself: at opening she puts every item back on its list price. Having touched every
 * price does not let her two pricing agents both move one: the lease on an item passes to whichever
 * of them acts first, and the other is refused until it runs out.
 */
final class OpsLead implements Agent {

    static final String IDENTITY = "user:ops-lead";
    private static final int OPENING = 9;

    private final Shop shop;
    private final ShopTools tools;
    private final Attempts attempts;

    OpsLead(Shop shop, ShopTools tools, Attempts attempts) {
        this.shop = shop;
        this.tools = tools;
        this.attempts = attempts;
    }

    @Override
    public String identity() {
        return IDENTITY;
    }

    @Override
    public void workHour(int hour) {
        if (hour != OPENING) {
            return;
        }
        for (Shop.Item item : shop.items()) {
            attempts.call("open " + item.sku() + " at its list price " + item.list(),
                    () -> tools.setPrice(item.sku(), item.list()));
        }
    }
}
