package dev.charter.sample;

import dev.charter.Governor;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ops lead's standing rule for the purchases the policy defers to her: approve an order that
 * fits on the shelf, refuse one that would overfill it. Remembers each identity's last review, so
 * the report can tell a deferred call from a plain one.
 */
final class ShelfGovernor implements Governor {

    record Review(Deferral deferral, Verdict verdict) {
    }

    static final String PURCHASE = "stock:purchase";

    private final Shop shop;
    private final Map<String, Review> lastReview = new ConcurrentHashMap<>();

    ShelfGovernor(Shop shop) {
        this.shop = shop;
    }

    @Override
    public Verdict review(Deferral deferral) {
        Verdict verdict = deferral.scope().equals(PURCHASE) ? shelfRule(deferral)
                : Verdict.refuse("the ops lead has no standing rule for " + deferral.scope());
        lastReview.put(deferral.identity(), new Review(deferral, verdict));
        return verdict;
    }

    /** The purchase spends units times the item's cost, so the spend tells how many units arrive. */
    private Verdict shelfRule(Deferral deferral) {
        Shop.Item item = shop.item(deferral.resource());
        int units = deferral.spend().divide(item.cost(), 0, RoundingMode.HALF_UP).intValueExact();
        String shelf = " (shelf holds " + item.capacity() + ", " + item.stock() + " on it)";
        return item.stock() + units <= item.capacity()
                ? Verdict.approve(units + " fit on the shelf" + shelf)
                : Verdict.refuse(units + " would overfill the shelf" + shelf);
    }

    /** The review of {@code identity}'s call since this was last asked, or {@code null} if none was deferred. */
    Review takeReview(String identity) {
        return lastReview.remove(identity);
    }
}
