package dev.charter.sample.payments;

import dev.charter.Charter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The refund desk calling the payments service over HTTP, as {@code agent:refund-bot}, with no
 * Charter code in the calls: the agent adds the desk's passport to requests to the payments service
 * ({@code trust.propagate} of {@code sample-app/desk.yaml}), and the payments service's policy
 * decides. Prints one line per request: what was asked, the status, and the answer.
 *
 * <p>Usage: {@code RefundDesk http://localhost:PORT}
 */
public final class RefundDesk {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RefundDesk() {
    }

    public static void main(String[] args) throws Exception {
        String service = args[0];
        Charter.runAs("agent:refund-bot", () -> {
            ask(service, "order/EU-7", "40.00");    // an EU order, a small amount: paid
            ask(service, "order/US-3", "40.00");    // not an EU order: the payments service refuses
            ask(service, "order/EU-8", "900.00");   // over the payments service's per-call limit
        });
        ask(service, "order/EU-9", "10.00");        // from a thread nobody bound: no passport, refused
    }

    private static void ask(String service, String order, String amount) {
        URI uri = URI.create(service + "/payments/refund?order=" + order + "&amount=" + amount);
        String who = Charter.current().orElse("unbound");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(who + " refund " + order + " " + amount + " -> " + response.statusCode() + " "
                    + response.body());
        } catch (IOException e) {
            System.out.println(who + " refund " + order + " " + amount + " -> failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
