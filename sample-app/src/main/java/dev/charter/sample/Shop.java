package dev.charter.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state every agent acts on: the catalog with prices, costs and stock, and what was done to it
 * (price changes, refunds, purchases), each with who did it and when. Agents run on threads of
 * their own, so every access takes the shop's lock.
 */
final class Shop {

    /** One product: what it costs the shop, what it sells for, and how much of it is on the shelf. */
    record Item(String sku, BigDecimal cost, BigDecimal list, BigDecimal price, int stock, int capacity,
            int hourlyDemand, int soldLastHour) {

        Item withPrice(BigDecimal newPrice) {
            return new Item(sku, cost, list, newPrice, stock, capacity, hourlyDemand, soldLastHour);
        }

        Item withStock(int newStock, int sold) {
            return new Item(sku, cost, list, price, newStock, capacity, hourlyDemand, sold);
        }
    }

    record PriceChange(int hour, String sku, BigDecimal price, String by) {
    }

    record Refund(int hour, String order, BigDecimal amount, String by) {
    }

    record Purchase(int hour, String sku, int units, BigDecimal total, String by, int stockAfter, int capacity) {
    }

    private final Map<String, Item> items = new LinkedHashMap<>();
    private final List<PriceChange> priceChanges = new ArrayList<>();
    private final List<Refund> refunds = new ArrayList<>();
    private final List<Purchase> purchases = new ArrayList<>();
    private int hour;

    /** The shop at opening time: five products, each priced at its list price. */
    static Shop opening() {
        Shop shop = new Shop();
        shop.stock("sku/kettle", "18.00", "29.00", 40, 120, 4);
        shop.stock("sku/teapot", "22.00", "35.00", 30, 80, 3);
        shop.stock("sku/mug", "4.00", "7.50", 140, 400, 18);
        shop.stock("sku/grinder", "41.00", "69.00", 14, 40, 1);
        shop.stock("sku/scale", "15.00", "26.00", 34, 100, 3);
        return shop;
    }

    private void stock(String sku, String cost, String list, int stock, int capacity, int hourlyDemand) {
        items.put(sku, new Item(sku, new BigDecimal(cost), new BigDecimal(list), new BigDecimal(list), stock, capacity,
                hourlyDemand, hourlyDemand));
    }

    /** An hour of the day as a time, {@code 9} as {@code 09:00}. */
    static String time(int hour) {
        return String.format("%02d:00", hour);
    }

    synchronized void open(int hour) {
        this.hour = hour;
    }

    synchronized int hour() {
        return hour;
    }

    synchronized List<Item> items() {
        return List.copyOf(items.values());
    }

    synchronized Item item(String sku) {
        Item item = items.get(sku);
        if (item == null) {
            throw new IllegalArgumentException("no such item: " + sku);
        }
        return item;
    }

    synchronized void setPrice(String sku, BigDecimal price, String by) {
        items.put(sku, item(sku).withPrice(price));
        priceChanges.add(new PriceChange(hour, sku, price, by));
    }

    synchronized void refund(String order, BigDecimal amount, String by) {
        refunds.add(new Refund(hour, order, amount, by));
    }

    synchronized void receive(String sku, int units, BigDecimal total, String by) {
        Item item = item(sku);
        items.put(sku, item.withStock(item.stock() + units, item.soldLastHour()));
        purchases.add(new Purchase(hour, sku, units, total, by, item.stock() + units, item.capacity()));
    }

    /** Ends the hour: each item sells what customers want of it at its price, as far as its stock goes. */
    synchronized void sell(Market market) {
        for (Item item : List.copyOf(items.values())) {
            int sold = Math.min(item.stock(), market.demand(item));
            items.put(item.sku(), item.withStock(item.stock() - sold, sold));
        }
    }

    synchronized List<PriceChange> priceChanges() {
        return List.copyOf(priceChanges);
    }

    synchronized List<Refund> refunds() {
        return List.copyOf(refunds);
    }

    synchronized List<Purchase> purchases() {
        return List.copyOf(purchases);
    }
}
