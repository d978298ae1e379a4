package dev.charter.it.app.passport;

import dev.charter.Charter;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The orchestrator calling the tools service over HTTP with no Charter code in the calls: for each
 * server ({@code jdk}, {@code jetty} ports given) and client ({@code sync}, {@code async},
 * {@code urlconnection}), prints {@code <server>.<client>.<case> <answer>}.
 */
public final class ToolClient {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ToolClient() {
    }

    public static void main(String[] args) throws Exception {
        String[] servers = {"jdk", "jetty"};
        for (int i = 0; i < servers.length; i++) {
            String base = "http://localhost:" + args[i] + "/mcp/";
            for (String client : new String[] {"sync", "async", "urlconnection"}) {
                String tag = servers[i] + "." + client + ".";
                Charter.runAs("agent:refund-bot", () -> {
                    print(tag + "granted", get(client, base + "refund?order=order/EU-1", null));
                    print(tag + "ungranted", get(client, base + "refund?order=order/US-1", null));
                });
                print(tag + "unbound", get(client, base + "refund?order=order/EU-1", null));
                print(tag + "garbage", get(client, base + "refund?order=order/EU-1", "not.a\npassport"));
                print(tag + "next", get(client, base + "whoami", null));
            }
        }
    }

    private static void print(String tag, String answer) {
        System.out.println(tag + " " + answer);
    }

    private static String get(String client, String url, String passport) {
        try {
            return switch (client) {
                case "sync" -> CLIENT.send(request(url, passport), HttpResponse.BodyHandlers.ofString()).body();
                case "async" -> CLIENT.sendAsync(request(url, passport), HttpResponse.BodyHandlers.ofString()).join().body();
                default -> urlConnection(url, passport);
            };
        } catch (IOException | RuntimeException e) {
            return "FAILED " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "INTERRUPTED";
        }
    }

    private static HttpRequest request(String url, String passport) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        return passport == null ? request.build() : request.header("Charter-Passport", passport.replace('\n', ' ')).build();
    }

    private static String urlConnection(String url, String passport) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (passport != null) {
            connection.setRequestProperty("Charter-Passport", passport.replace('\n', ' '));
        }
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
