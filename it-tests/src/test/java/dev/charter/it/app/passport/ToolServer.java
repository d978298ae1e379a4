package dev.charter.it.app.passport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.charter.Charter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The tools service: the same tools behind the JDK's HTTP server (one pooled handler thread) and an
 * embedded Jetty servlet, neither with any Charter code. {@code /mcp/refund?order=...} answers the
 * tool's outcome; {@code /mcp/whoami} the identity bound to the request's thread. Prints
 * {@code PORTS <jdk> <jetty>} once both listen; runs until stdin closes.
 */
public final class ToolServer {

    private ToolServer() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jdk.createContext("/mcp/", exchange -> reply(exchange, answer(exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery())));
        jdk.setExecutor(Executors.newFixedThreadPool(1));
        jdk.start();

        Server jetty = new Server(new QueuedThreadPool(8, 8));
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(ToolServlet.class, "/mcp/*");
        jetty.setHandler(context);
        jetty.start();

        System.out.println("PORTS " + jdk.getAddress().getPort() + " " + connector.getLocalPort());
        System.out.flush();
        System.in.read();
        jdk.stop(0);
        jetty.stop();
        System.exit(0);
    }

    static String answer(String path, String query) {
        if (path.endsWith("/whoami")) {
            return "current " + Charter.current().orElse("none");
        }
        String order = query == null ? "" : query.substring(query.indexOf('=') + 1);
        return Tools.outcome(() -> Tools.refund(order));
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The same tools as a Jakarta servlet. */
    public static final class ToolServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().print(answer(request.getRequestURI(), request.getQueryString()));
        }
    }
}
