package dev.charter.agent.frameworks;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.charter.Frameworks;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.Method;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.pool.TypePool;
import reactor.core.publisher.Mono;

/**
 * The MCP Java SDK's servers ({@code McpServer.sync(...)} over any transport), rewritten where a
 * request is taken, where a sync tool runs and where {@code tools/list} decides what a client sees:
 * <ul>
 * <li>a request's exchange, made on the thread that took the request — where the servlet transport's
 *     {@code HttpServlet#service} bound the request's passport — remembers that thread's binding;</li>
 * <li>each sync tool call runs under the identity the policy's {@code bind: mcp} names (that
 *     passport's, or a transport-context entry's), on whatever thread the SDK runs it, and a refusal
 *     comes back to the client as the tool's error result, the one-line refusal its text;</li>
 * <li>{@code tools/list} leaves out the tools whose {@code tool-scope} that identity may never perform.</li>
 * </ul>
 * Matched by class name only: without the SDK on the class path none of it loads.
 */
public final class McpSdk {

    static final String FRAMEWORK = "mcp";
    private static final String SERVER = "io.modelcontextprotocol.server.";
    private static final ClassFileLocator AGENT_CLASSES = ClassFileLocator.ForClassLoader.of(McpSdk.class.getClassLoader());
    private static final TypePool ADVICE = TypePool.Default.of(AGENT_CLASSES);
    private static final String TRANSPORT_CONTEXT = "io.modelcontextprotocol.common.McpTransportContext";
    /** {@code McpTransportContext#get(String)}, by the class of a context; {@code null} for other objects. */
    private static final ClassValue<Method> CONTEXT_GET = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            for (Class<?> at = type; at != null; at = at.getSuperclass()) {
                for (Class<?> implemented : at.getInterfaces()) {
                    if (implemented.getName().equals(TRANSPORT_CONTEXT)) {
                        try {
                            return implemented.getMethod("get", String.class);
                        } catch (NoSuchMethodException e) {
                            return null;
                        }
                    }
                }
            }
            return null;
        }
    };

    private McpSdk() {
    }

    /** The agent builder that rewrites those classes. */
    public static AgentBuilder agentBuilder(boolean loadedToo) {
        // the SDK runs a sync tool in a lambda's body, a synthetic method Byte Buddy passes over unless told
        return new AgentBuilder.Default(new ByteBuddy().ignore(none()))
                .disableClassFormatChanges()
                .with(loadedToo ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(new Failures("MCP tool calls bind no identity from the policy and tools/list offers every tool"))
                .ignore(not(namedOneOf(SERVER + "McpAsyncServerExchange", SERVER + "McpServerFeatures$AsyncToolSpecification",
                        SERVER + "McpAsyncServer")))
                .type(named(SERVER + "McpAsyncServerExchange"))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice(Taken.class).on(isConstructor())))
                // the body of fromSync's callable: the sync tool's own call, on the thread that runs it
                .type(named(SERVER + "McpServerFeatures$AsyncToolSpecification"))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice(ToolCall.class).on(isStatic()
                        .and(takesArguments(3))
                        .and(takesArgument(0, named(SERVER + "McpServerFeatures$SyncToolSpecification")))
                        .and(takesArgument(1, named(SERVER + "McpAsyncServerExchange")))
                        .and(returns(named("io.modelcontextprotocol.spec.McpSchema$CallToolResult"))))))
                // tools/list asks this of each tool: whether the client of the exchange sees it
                .type(named(SERVER + "McpAsyncServer"))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice(Listed.class).on(not(isStatic())
                        .and(takesArguments(2))
                        .and(takesArgument(0, named(SERVER + "McpAsyncServerExchange")))
                        .and(takesArgument(1, named("io.modelcontextprotocol.spec.McpSchema$Tool")))
                        .and(returns(named("org.reactivestreams.Publisher"))))));
    }

    /** The value of {@code key} in an MCP transport context, or {@code null}. */
    static Object entry(Object context, String key) {
        Method get = context == null ? null : CONTEXT_GET.get(context.getClass());
        try {
            return get == null ? null : get.invoke(context, key);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Advice advice(Class<?> type) {
        return Advice.to(ADVICE.describe(type.getName()).resolve(), AGENT_CLASSES);
    }

    /** A request's exchange remembers the binding of the thread that took the request. */
    static final class Taken {
        private Taken() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object exchange) {
            Frameworks.capture(exchange);
        }
    }

    /** A sync tool runs under the request's identity; a refusal is its error result. */
    static final class ToolCall {
        private ToolCall() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(1) Object exchange) {
            return Frameworks.enterTool(FRAMEWORK, exchange,
                    exchange == null ? null : ((McpAsyncServerExchange) exchange).transportContext());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered,
                @Advice.Thrown(readOnly = false, typing = Assigner.Typing.DYNAMIC) Throwable thrown,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            String refusal = Frameworks.leaveTool(entered, thrown);
            if (refusal != null) {
                returned = McpSchema.CallToolResult.builder().addTextContent(refusal).isError(Boolean.TRUE).build();
                thrown = null;
            }
        }
    }

    /** tools/list shows a tool only to a client whose identity may ever perform it. */
    static final class Listed {
        private Listed() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object exchange, @Advice.Argument(1) Object tool,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            if (tool != null && !Frameworks.offersTool(FRAMEWORK, exchange,
                    exchange == null ? null : ((McpAsyncServerExchange) exchange).transportContext(),
                    ((McpSchema.Tool) tool).name())) {
                returned = Mono.just(Boolean.FALSE);
            }
        }
    }
}
