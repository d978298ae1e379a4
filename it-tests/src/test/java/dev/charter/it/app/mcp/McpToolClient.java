package dev.charter.it.app.mcp;

import dev.charter.Charter;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * MCP clients of {@link McpToolServer} over the SDK's streamable HTTP client, one per caller, each
 * saying who it is as the server's policy reads it: a passport it minted ({@code passport}) or an
 * {@code X-User} header ({@code context}). Prints what each client was offered and what its calls
 * came to, then how many of the concurrent calls of alice and bob were decided wrongly.
 * Arguments: the server's port, the mode, the calls per thread.
 */
public final class McpToolClient {

    private static final int THREADS = 4;

    private McpToolClient() {
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:" + args[0];
        boolean passports = args[1].equals("passport");
        int calls = Integer.parseInt(args[2]);
        Map<String, McpSyncClient> clients = new java.util.LinkedHashMap<>();
        clients.put("alice", client(url, passports ? "Charter-Passport" : "X-User", passports ? passport("user:alice") : "alice"));
        clients.put("bob", client(url, passports ? "Charter-Passport" : "X-User", passports ? passport("user:bob") : "bob"));
        clients.put("none", client(url, null, null));
        clients.put("forged", client(url, passports ? "Charter-Passport" : "X-User", passports ? "x.y.z" : "mallory"));

        for (Map.Entry<String, McpSyncClient> client : clients.entrySet()) {
            String name = client.getKey();
            McpSyncClient mcp = client.getValue();
            List<String> offered = new ArrayList<>();
            mcp.listTools().tools().forEach(tool -> offered.add(tool.name()));
            offered.sort(null);
            System.out.println("list-" + name + " " + offered);
            System.out.println("eu-" + name + " " + call(mcp, "refund", "order/EU-1"));
            System.out.println("us-" + name + " " + call(mcp, "refund", "order/US-1"));
            System.out.println("lookup-" + name + " " + call(mcp, "lookup", "order/EU-1"));
            System.out.println("whoami-" + name + " " + call(mcp, "whoami", null));
        }

        AtomicInteger total = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicReference<String> firstWrong = new AtomicReference<>("none");
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (String name : List.of("alice", "bob")) {
            McpSyncClient mcp = clients.get(name);
            for (int thread = 0; thread < THREADS; thread++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        boolean refund = i % 2 == 0;
                        String order = "order/EU-" + i;
                        String outcome = call(mcp, refund ? "refund" : "lookup", order);
                        String expected = !refund ? "ok found " + order
                                : name.equals("alice") ? "ok refunded " + order
                                : "error user:bob may not tools:refund on \"" + order + "\": no rule grants it";
                        total.incrementAndGet();
                        if (!outcome.startsWith(expected)) {
                            wrong.incrementAndGet();
                            firstWrong.compareAndSet("none", name + ": " + outcome);
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> done : running) {
            done.get();
        }
        pool.shutdown();
        System.out.println("concurrent-calls " + total);
        System.out.println("concurrent-wrong " + wrong);
        System.out.println("concurrent-first-wrong " + firstWrong);
        clients.values().forEach(McpSyncClient::closeGracefully);
        System.exit(0);
    }

    /** A passport of {@code identity} for the tools service, minted under it. */
    private static String passport(String identity) throws Exception {
        return Charter.callAs(identity, () -> Charter.passport("svc:tools", Duration.ofMinutes(10)));
    }

    private static McpSyncClient client(String url, String header, String value) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (header != null) {
            requests.header(header, value);
        }
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(url).endpoint("/mcp")
                        .requestBuilder(requests).build())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
        return client;
    }

    /** {@code ok <text>}, {@code error <text>} for a tool's error result, or {@code ERROR <exception>}. */
    private static String call(McpSyncClient mcp, String tool, String order) {
        try {
            McpSchema.CallToolResult result = mcp.callTool(McpSchema.CallToolRequest.builder(tool)
                    .arguments(order == null ? Map.of() : Map.of("order", order)).build());
            StringBuilder text = new StringBuilder();
            result.content().forEach(content -> text.append(((McpSchema.TextContent) content).text()));
            return (Boolean.TRUE.equals(result.isError()) ? "error " : "ok ") + text;
        } catch (RuntimeException e) {
            return "ERROR " + e.getMessage();
        }
    }
}
