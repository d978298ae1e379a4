package dev.charter.agent.frameworks;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.NULL;
import static dev.charter.agent.instrument.Hook.RETURNED;
import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;
import static dev.charter.agent.instrument.Hook.text;

import dev.charter.Frameworks;
import dev.charter.agent.instrument.Hook;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LangChain4j's AI services, hooked where an AI service call starts, where its tools are listed
 * and where a streaming response comes back:
 * <ul>
 * <li>the call ({@code DefaultAiServices}' invocation handler) runs under the identity the policy's
 *     {@code bind: langchain4j} names, from its memory id or an invocation parameter;</li>
 * <li>the tools offered to the model ({@code ToolService#createContext} and
 *     {@code #refreshDynamicProviders}) leave out those the bound identity may never perform;</li>
 * <li>a token stream and its response handlers run under the identity of the call that made them, on
 *     whatever thread the model's client calls them (tools executed concurrently are carried by the
 *     JDK executors' propagation).</li>
 * </ul>
 * Matched by class name only: without LangChain4j on the class path none of it is woven. The hooks
 * call {@link Frameworks}, which asks {@link FrameworkRules}, which reads LangChain4j's objects here
 * through their public API.
 */
public final class LangChain4j {

    static final String FRAMEWORK = "langchain4j";
    private static final String SERVICE = "dev/langchain4j/service/";
    private static final String FRAMEWORKS = "dev/charter/Frameworks";
    private static final String UNBOUND = "LangChain4j calls bind no identity from the policy and offer every tool";
    private static final String DEFAULT_EXECUTOR = "dev.langchain4j.service.tool.DefaultToolExecutor";

    private LangChain4j() {
    }

    /** The hooks into LangChain4j's classes. */
    public static List<Hook> hooks() {
        Hook.Call offered = call(FRAMEWORKS, "offered", "(Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                text(FRAMEWORK), RETURNED, NULL).replacingReturn();
        Hook.Call resume = call(FRAMEWORKS, "resume", "(Ljava/lang/Object;)Ljava/lang/Object;", THIS);
        Hook.Call suspend = call(FRAMEWORKS, "suspend", "(Ljava/lang/Object;)V", ENTERED);
        Hook.Call capture = call(FRAMEWORKS, "capture", "(Ljava/lang/Object;)V", THIS);
        List<Hook> hooks = new ArrayList<>(List.of(
                Hook.in(SERVICE + "DefaultAiServices$*", "invoke",
                        "(Ljava/lang/reflect/Method;[Ljava/lang/Object;Ldev/langchain4j/invocation/InvocationContext;)")
                        .atEntry(call(FRAMEWORKS, "call", "(Ljava/lang/String;Ljava/lang/Object;)Ldev/charter/Charter$Binding;",
                                text(FRAMEWORK), argument(2)))
                        .atEveryExit(call(FRAMEWORKS, "leave", "(Ldev/charter/Charter$Binding;)V", ENTERED))
                        .consequence(UNBOUND),
                Hook.in(SERVICE + "tool/ToolService", "createContext", null).atExit(offered).consequence(UNBOUND),
                Hook.in(SERVICE + "tool/ToolService", "refreshDynamicProviders", null).atExit(offered).consequence(UNBOUND)));
        for (String work : List.of(SERVICE + "AiServiceTokenStream", SERVICE + "AiServiceStreamingResponseHandler")) {
            hooks.add(Hook.in(work, "<init>", null).atExit(capture).consequence(UNBOUND));
            if (work.endsWith("TokenStream")) { // the handler has no start of its own
                hooks.add(Hook.in(work, "start", "()").atEntry(resume).atEveryExit(suspend).consequence(UNBOUND));
            }
            hooks.add(Hook.in(work, "on*", null).atEntry(resume).atEveryExit(suspend).consequence(UNBOUND));
        }
        return hooks;
    }

    /** The subject and entries of an AI service call, from its {@code InvocationContext}, as {@code rules} names them. */
    static String identity(FrameworkRules rules, Object invocationContext) {
        Object memoryId = Reflective.call(invocationContext, "chatMemoryId");
        Object parameters = Reflective.call(invocationContext, "invocationParameters");
        // "default" is what LangChain4j puts when the call has no @MemoryId argument
        return rules.identity(FRAMEWORK, "default".equals(memoryId) ? null : memoryId,
                (Map<?, ?>) Reflective.call(parameters, "asMap"));
    }

    /** A {@code ToolServiceContext} without the tools the bound identity may never perform. */
    static Object offered(Object context) {
        Set<String> withheld = new HashSet<>();
        for (Map.Entry<?, ?> tool : ((Map<?, ?>) Reflective.call(context, "toolExecutors")).entrySet()) {
            if (Reflective.is(tool.getValue(), DEFAULT_EXECUTOR)
                    && !Frameworks.offers((Method) Reflective.call(tool.getValue(), "originalMethod"))) {
                withheld.add((String) tool.getKey());
            }
        }
        if (withheld.isEmpty()) {
            return context;
        }
        Object builder = Reflective.call(context, "toBuilder");
        builder = Reflective.call(builder, "effectiveTools", without(Reflective.call(context, "effectiveTools"), withheld));
        builder = Reflective.call(builder, "availableTools", without(Reflective.call(context, "availableTools"), withheld));
        return Reflective.call(builder, "build");
    }

    /** The tool specifications of {@code tools} whose name is not {@code withheld}. */
    private static List<Object> without(Object tools, Set<String> withheld) {
        List<Object> kept = new ArrayList<>();
        for (Object tool : (List<?>) tools) {
            if (!withheld.contains((String) Reflective.call(tool, "name"))) {
                kept.add(tool);
            }
        }
        return kept;
    }
}
