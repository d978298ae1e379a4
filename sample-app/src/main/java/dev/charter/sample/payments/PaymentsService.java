package dev.charter.sample.payments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The payments service, a process of its own: {@code GET /payments/refund?order=...&amount=...}
 * pays a refund out, or answers 403 with Charter's refusal. It has no Charter code: with the agent,
 * a request's {@code Charter-Passport} header names who is asking, and this service's own policy
 * ({@code sample-app/payments.yaml}) decides what they may do here.
 *
 * <p>Usage: {@code PaymentsService PORT_FILE}: listens on a free port of 127.0.0.1, writes it to
 * PORT_FILE, and serves until stopped.
 */
public final class PaymentsService {

    private PaymentsService() {
    }

    public static void main(String[] args) throws IOException {
        PaymentsBook book = new PaymentsBook();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/payments/refund", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                reply(exchange, 200, book.refund(query.get("order"), new BigDecimal(query.getOrDefault("amount", "0"))));
            } catch (SecurityException refused) {
                reply(exchange, 403, refused.getMessage());
            } catch (NumberFormatException e) {
                reply(exchange, 400, "amount must be a number");
            }
        });
        server.start();
        Files.writeString(Path.of(args[0]), Integer.toString(server.getAddress().getPort()));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                query.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
