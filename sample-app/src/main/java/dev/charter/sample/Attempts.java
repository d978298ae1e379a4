package dev.charter.sample;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the agents' tool calls and keeps what became of each: allowed, denied by a rule, or
 * deferred to the governor and then approved or refused. A refusal is handed back to the agent as
 * its tool's answer, as agent frameworks do, and the agent goes on with its work.
 */
final class Attempts {

    enum Outcome { ALLOWED, DENIED, APPROVED, REFUSED }

    /** One tool call; {@code reason} and {@code rule} say why it was denied, approved or refused. */
    record Attempt(int hour, String identity, String action, Outcome outcome, String reason, String rule) {

        boolean deferred() {
            return outcome == Outcome.APPROVED || outcome == Outcome.REFUSED;
        }
    }

    private final Shop shop;
    private final ShelfGovernor governor;
    private final List<Attempt> attempts = new ArrayList<>();

    Attempts(Shop shop, ShelfGovernor governor) {
        this.shop = shop;
        this.governor = governor;
    }

    /** Runs {@code tool} under the identity bound to this thread, records the outcome, and returns whether it ran. */
    boolean call(String action, Runnable tool) {
        String identity = Charter.current().orElse("(no identity)");
        ScopeViolation refusal = null;
        try {
            tool.run();
        } catch (ScopeViolation refused) {
            refusal = refused;
        }
        Attempt attempt = attempt(identity, action, refusal, governor.takeReview(identity));
        synchronized (attempts) {
            attempts.add(attempt);
        }
        return refusal == null;
    }

    private Attempt attempt(String identity, String action, ScopeViolation refusal, ShelfGovernor.Review review) {
        int hour = shop.hour();
        if (review != null) {
            boolean approved = review.verdict().approved();
            String ranAnyway = approved || refusal != null ? "" : "; it ran all the same: Charter is in audit mode";
            return new Attempt(hour, identity, action, approved ? Outcome.APPROVED : Outcome.REFUSED,
                    review.verdict().reason() + ranAnyway, review.deferral().rule());
        }
        return refusal == null ? new Attempt(hour, identity, action, Outcome.ALLOWED, null, null)
                : new Attempt(hour, identity, action, Outcome.DENIED, refusal.getReason(), refusal.getRule());
    }

    List<Attempt> all() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }
}
