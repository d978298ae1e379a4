package dev.charter.agent.frameworks;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.RETURNED;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;
import static dev.charter.agent.instrument.Hook.text;

import dev.charter.Frameworks;
import dev.charter.agent.instrument.Hook;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spring AI's tool calling, hooked in its {@code DefaultToolCallingManager} — the one place both a
 * chat model's own tool loop and the {@code ChatClient}'s tool advisors call:
 * <ul>
 * <li>{@code executeToolCalls} runs the requested tools under the identity the policy's
 *     {@code bind: spring-ai} names from the request's tool context, on whatever thread it runs;</li>
 * <li>{@code resolveToolDefinitions}, which gives a chat model the tools to offer, leaves out those
 *     that identity — or, without one, the bound identity — may never perform.</li>
 * </ul>
 * Matched by class name only: without Spring AI on the class path none of it is woven. The hooks call
 * {@link Frameworks}, which asks {@link FrameworkRules}, which reads Spring AI's objects here through
 * their public API.
 */
public final class SpringAi {

    static final String FRAMEWORK = "spring-ai";
    private static final String MANAGER = "org/springframework/ai/model/tool/DefaultToolCallingManager";
    private static final String FRAMEWORKS = "dev/charter/Frameworks";
    private static final String UNBOUND = "Spring AI tool calls bind no identity from the policy and offer every tool";
    private static final String METHOD_TOOL = "org.springframework.ai.tool.method.MethodToolCallback";
    private static final String TOOL_OPTIONS = "org.springframework.ai.model.tool.ToolCallingChatOptions";
    /** The method behind each class of method tool callbacks, read from its field; {@code null} when it has none. */
    private static final ClassValue<Field> TOOL_METHOD = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            try {
                Field field = type.getDeclaredField("toolMethod");
                field.setAccessible(true);
                return field.getType() == Method.class ? field : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private SpringAi() {
    }

    /** The hooks into the tool-calling manager. */
    public static List<Hook> hooks() {
        return List.of(
                Hook.in(MANAGER, "executeToolCalls", "(Lorg/springframework/ai/chat/prompt/Prompt;Lorg/springframework/ai/chat/model/ChatResponse;)")
                        .atEntry(call(FRAMEWORKS, "call", "(Ljava/lang/String;Ljava/lang/Object;)Ldev/charter/Charter$Binding;",
                                text(FRAMEWORK), argument(0)))
                        .atEveryExit(call(FRAMEWORKS, "leave", "(Ldev/charter/Charter$Binding;)V", ENTERED))
                        .consequence(UNBOUND),
                Hook.in(MANAGER, "resolveToolDefinitions", "(Lorg/springframework/ai/model/tool/ToolCallingChatOptions;)")
                        .atExit(call(FRAMEWORKS, "offered", "(Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                                text(FRAMEWORK), RETURNED, argument(0)).replacingReturn())
                        .consequence(UNBOUND));
    }

    /** The method a Spring AI method tool callback calls, or {@code null} for any other tool. */
    static Method method(Object tool) {
        if (tool == null || !tool.getClass().getName().equals(METHOD_TOOL)) {
            return null;
        }
        Field field = TOOL_METHOD.get(tool.getClass());
        try {
            return field == null ? null : (Method) field.get(tool);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** The identity a request ({@code Prompt}) names through its options' tool context, as {@code rules} names it. */
    static String identity(FrameworkRules rules, Object prompt) {
        return rules.identity(FRAMEWORK, null, toolContext(Reflective.call(prompt, "getOptions")));
    }

    /** Of the tool definitions a chat model would offer, those the request's identity may ever perform. */
    static Object offered(Object definitions, Object options) {
        Object callbacks = Reflective.is(options, TOOL_OPTIONS) ? Reflective.call(options, "getToolCallbacks") : null;
        if (callbacks == null) {
            return definitions;
        }
        Map<?, ?> context = toolContext(options);
        Set<String> withheld = new HashSet<>();
        for (Object callback : (List<?>) callbacks) {
            if (!Frameworks.offers(FRAMEWORK, context, callback)) {
                withheld.add((String) Reflective.call(Reflective.call(callback, "getToolDefinition"), "name"));
            }
        }
        if (withheld.isEmpty()) {
            return definitions;
        }
        List<Object> offered = new ArrayList<>();
        for (Object definition : (List<?>) definitions) {
            if (!withheld.contains((String) Reflective.call(definition, "name"))) {
                offered.add(definition);
            }
        }
        return offered;
    }

    private static Map<?, ?> toolContext(Object options) {
        return Reflective.is(options, TOOL_OPTIONS) ? (Map<?, ?>) Reflective.call(options, "getToolContext") : null;
    }
}
