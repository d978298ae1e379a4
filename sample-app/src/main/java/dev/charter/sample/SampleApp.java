package dev.charter.sample;

import dev.charter.Charter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One trading day at a small shop, worked by a crew of agents for the ops lead: pricing,
 * promotions, refunds and restocking, each under its own identity on its own executor, all
 * handed the same tools. Each acts sensibly by its own lights; together, unchecked, they sell below
 * cost, refund other desks' orders and overbuy. Run with the Charter agent and
 * {@code sample-app/charter.yaml}, the same day ends with every invariant intact.
 *
 * <p>Usage: {@code [--json] [--audit PATH]}; {@code --audit} (or the system property
 * {@code charter.audit}) only names the audit log in the report: the agent's own option writes it.
 */
public final class SampleApp {

    /** The seed of the day: the market's and every agent's planner draw from it. */
    private static final long SEED = 20_260_101L;
    private static final int OPEN = 9;
    private static final int CLOSE = 17;

    private SampleApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        String auditLog = System.getProperty("charter.audit");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].equals("--audit") && i + 1 < args.length) {
                auditLog = args[++i];
            } else {
                System.err.println("usage: SampleApp [--json] [--audit PATH]");
                System.exit(2);
            }
        }
        if (!json) {
            // the shop runs without the agent too, to show the damage: say at once which run this is
            System.out.println(Charter.enforcing()
                    ? "Protected: Charter is enforcing the policy on every tool call.\n"
                    : "NOT PROTECTED: Charter is not enforcing (no -javaagent, or mode=audit): every tool runs unchecked.\n");
        }
        Report report = runDay(auditLog);
        System.out.print(json ? report.json() + "\n" : report.text() + FrontDesk.run());
    }

    private static Report runDay(String auditLog) throws Exception {
        SplittableRandom seed = new SplittableRandom(SEED);
        Shop shop = Shop.opening();
        Market market = new Market(seed.split());
        ShelfGovernor governor = new ShelfGovernor(shop);
        Charter.governor(governor);
        Attempts attempts = new Attempts(shop, governor);
        ShopTools tools = new ShopTools(shop);
        List<Agent> agents = List.of(
                new OpsLead(shop, tools, attempts),
                new PricingAgent(shop, market, tools, attempts, seed.split()),
                new PromotionsAgent(shop, tools, attempts, seed.split()),
                new RefundAgent(market, tools, attempts),
                new RestockAgent(shop, tools, attempts, seed.split()));
        try (Crew crew = new Crew(agents)) {
            for (int hour = OPEN; hour < CLOSE; hour++) {
                shop.open(hour);
                market.open(hour, shop.items());
                crew.workHour(hour);
                shop.sell(market);
            }
        }
        return new Report(attempts.all(), Invariants.check(shop), auditLog);
    }
}
