package dev.charter.agent.frameworks;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.RETURNED;
import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;
import static dev.charter.agent.instrument.Hook.text;

import dev.charter.Frameworks;
import dev.charter.agent.instrument.Hook;
import dev.charter.agent.policy.FrameworkBinding;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The MCP Java SDK's servers ({@code McpServer.sync(...)} over any session transport), hooked where a
 * request is taken, where a sync tool runs and where {@code tools/list} decides what a client sees:
 * <ul>
 * <li>a request's exchange, made on the thread that took the request — where the servlet transport's
 *     {@code HttpServlet#service} bound the request's passport — remembers that thread's binding;</li>
 * <li>each sync tool call (the body of {@code AsyncToolSpecification.fromSync}'s callable) runs under
 *     the identity the policy's {@code bind: mcp} names — that passport's, or a transport-context
 *     entry's — on whatever thread the SDK runs it, and a refusal comes back to the client as the
 *     tool's error result, the one-line refusal its text;</li>
 * <li>{@code tools/list} leaves out the tools whose {@code tool-scope} that identity may never perform.</li>
 * </ul>
 * Matched by class name only: without the SDK on the class path none of it is woven. The SDK's
 * objects are read here through their public API.
 */
public final class McpSdk {

    static final String FRAMEWORK = "mcp";
    private static final String SERVER = "io/modelcontextprotocol/server/";
    private static final String FRAMEWORKS = "dev/charter/Frameworks";
    private static final String UNBOUND = "MCP tool calls bind no identity from the policy and tools/list offers every tool";
    private static final String OBJECT = "Ljava/lang/Object;";

    private McpSdk() {
    }

    /** The hooks into the SDK's server classes. */
    public static List<Hook> hooks() {
        String syncToolCall = "(L" + SERVER + "McpServerFeatures$SyncToolSpecification;L" + SERVER
                + "McpAsyncServerExchange;Lio/modelcontextprotocol/spec/McpSchema$CallToolRequest;)";
        return List.of(
                Hook.in(SERVER + "McpAsyncServerExchange", "<init>", null)
                        .atExit(call(FRAMEWORKS, "capture", "(" + OBJECT + ")V", THIS)).consequence(UNBOUND),
                // the sync tool's own call, on the thread that runs it: bound around it, refusals as results inside it
                Hook.in(SERVER + "McpServerFeatures$AsyncToolSpecification", "lambda$fromSync$*", syncToolCall)
                        .atEntry(call(FRAMEWORKS, "enterTool", "(Ljava/lang/String;" + OBJECT + ")" + OBJECT,
                                text(FRAMEWORK), argument(1)))
                        .atEveryExit(call(FRAMEWORKS, "suspend", "(" + OBJECT + ")V", ENTERED))
                        .consequence(UNBOUND),
                Hook.in(SERVER + "McpServerFeatures$AsyncToolSpecification", "lambda$fromSync$*", syncToolCall)
                        .replacingCalls("java/util/function/BiFunction", "apply", "(" + OBJECT + OBJECT + ")" + OBJECT,
                                call(FRAMEWORKS, "callMcpTool", "(" + OBJECT + OBJECT + OBJECT + ")" + OBJECT))
                        .consequence(UNBOUND),
                // tools/list asks this of each tool: whether the client of the exchange sees it
                Hook.in(SERVER + "McpAsyncServer", "lambda$toolsListRequestHandler$*",
                        "(L" + SERVER + "McpAsyncServerExchange;Lio/modelcontextprotocol/spec/McpSchema$Tool;)")
                        .atExit(call(FRAMEWORKS, "listed", "(Ljava/lang/String;" + OBJECT + OBJECT + OBJECT + ")" + OBJECT,
                                text(FRAMEWORK), RETURNED, argument(0), argument(1)).replacingReturn())
                        .consequence(UNBOUND));
    }

    /** The identity {@code binding} names from a request's exchange: its transport context's entry. */
    static String identity(FrameworkBinding binding, Object exchange) {
        if (binding == null || binding.key() == null) {
            return null;
        }
        Object context = Reflective.call(exchange, "transportContext");
        return binding.identity(context == null ? null : Reflective.call(context, "get", binding.key()));
    }

    /** {@code shown} when {@code offered}, else a {@code Mono} of {@code false}, which hides the tool from tools/list. */
    static Object listed(boolean offered, Object shown) {
        if (offered || shown == null) {
            return shown;
        }
        try {
            Class<?> mono = Class.forName("reactor.core.publisher.Mono", false, shown.getClass().getClassLoader());
            Method just = mono.getMethod("just", Object.class);
            return just.invoke(null, Boolean.FALSE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Charter could not hide an MCP tool from tools/list", e);
        }
    }

    /** A {@code CallToolResult} with {@code isError} whose text is {@code refusal}, made with {@code request}'s class loader. */
    static Object refused(String refusal, Object request) {
        try {
            Class<?> result = Class.forName("io.modelcontextprotocol.spec.McpSchema$CallToolResult", false,
                    request.getClass().getClassLoader());
            Object builder = result.getMethod("builder").invoke(null);
            builder = Reflective.call(builder, "addTextContent", refusal);
            builder = Reflective.call(builder, "isError", Boolean.TRUE);
            return Reflective.call(builder, "build");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
