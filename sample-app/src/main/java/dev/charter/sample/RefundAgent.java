package dev.charter.sample;

/**
 * The EU refund desk: works through the support tickets routed to it and refunds what each
 * customer asks. Helpful, one ticket at a time; it handles whatever the router sends it.
 */
final class RefundAgent implements Agent {

    static final String IDENTITY = "agent:refund-bot";

    private final Market market;
    private final ShopTools tools;
    private final Attempts attempts;

    RefundAgent(Market market, ShopTools tools, Attempts attempts) {
        this.market = market;
        this.tools = tools;
        this.attempts = attempts;
    }

    @Override
    public String identity() {
        return IDENTITY;
    }

    @Override
    public void workHour(int hour) {
        for (Market.Ticket ticket : market.tickets()) {
            attempts.call("refund " + ticket.order() + " " + ticket.amount(), () -> tools.refund(ticket.order(), ticket.amount()));
        }
    }
}
