package dev.charter.it.app.mcp;

import dev.charter.ActsOn;
import dev.charter.Charter;
import dev.charter.ScopedAction;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An MCP server as the SDK's own guide builds one — a sync server over the streamable HTTP servlet
 * transport, in embedded Jetty — with no Charter code: its tools call scoped methods. The transport
 * context carries the request's {@code X-User} header as entry {@code user}. Prints {@code PORT <n>}
 * once it listens; runs until stdin closes.
 */
public final class McpToolServer {

    private McpToolServer() {
    }

    public static void main(String[] args) throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(request -> request.getHeader("X-User") == null ? McpTransportContext.EMPTY
                        : McpTransportContext.create(Map.of("user", request.getHeader("X-User"))))
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("orders", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tool("refund", arguments -> Orders.refund((String) arguments.get("order"))),
                        tool("lookup", arguments -> Orders.lookup((String) arguments.get("order"))),
                        tool("whoami", arguments -> Orders.whoami()))
                .build();

        Server jetty = new Server(new QueuedThreadPool(16, 8));
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(transport), "/*");
        jetty.setHandler(context);
        jetty.start();

        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        System.in.read();
        server.closeGracefully();
        jetty.stop();
        System.exit(0);
    }

    private static SyncToolSpecification tool(String name, Function<Map<String, Object>, String> body) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name,
                                Map.of("type", "object", "properties", Map.of("order", Map.of("type", "string"))))
                        .description(name + " an order").build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent(body.apply(request.arguments())).build())
                .build();
    }

    /** The service's own code: what the tools call. */
    public static final class Orders {

        private Orders() {
        }

        @ScopedAction("tools:refund")
        public static String refund(@ActsOn String order) {
            return "refunded " + order;
        }

        @ScopedAction("tools:lookup")
        public static String lookup(@ActsOn String order) {
            return "found " + order;
        }

        @ScopedAction("tools:whoami")
        public static String whoami() {
            return Charter.current().orElse("none") + " on " + Thread.currentThread().getName();
        }
    }
}
