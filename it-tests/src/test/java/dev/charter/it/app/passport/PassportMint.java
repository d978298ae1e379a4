package dev.charter.it.app.passport;

import dev.charter.Charter;
import java.time.Duration;

/** Mints passports as the orchestrator, one line each: {@code <name> <passport>} or {@code <name> DENIED <message>}. */
public final class PassportMint {

    private PassportMint() {
    }

    public static void main(String[] args) throws Exception {
        Duration minute = Duration.ofMinutes(1);
        Charter.runAs("agent:refund-bot", () -> {
            System.out.println("good " + Charter.passport("svc:tools", minute));
            System.out.println("audience " + Charter.passport("svc:x", minute));
            String session = Charter.session("desk", minute, "payments:refund");
            Charter.runAs(session, () -> System.out.println("session " + Charter.passport("svc:tools", minute)));
        });
        Charter.runAs("agent:drifted", () -> System.out.println("drifted " + Charter.passport("svc:tools", minute)));
        try {
            System.out.println("unbound " + Charter.passport("svc:tools", minute));
        } catch (SecurityException e) {
            System.out.println("unbound DENIED " + e.getMessage());
        }
    }
}
