package dev.charter.agent.frameworks;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.charter.Charter;
import dev.charter.Frameworks;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.pool.TypePool;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Spring AI's tool calling, rewritten in its {@code DefaultToolCallingManager} — the one place both a
 * chat model's own tool loop and the {@code ChatClient}'s tool advisors call:
 * <ul>
 * <li>{@code executeToolCalls} runs the requested tools under the identity the policy's
 *     {@code bind: spring-ai} names from the request's tool context, on whatever thread it runs;</li>
 * <li>{@code resolveToolDefinitions}, which gives a chat model the tools to offer, leaves out those
 *     that identity — or, without one, the bound identity — may never perform.</li>
 * </ul>
 * Matched by class name only: without Spring AI on the class path none of it loads.
 */
public final class SpringAi {

    static final String FRAMEWORK = "spring-ai";
    private static final String MANAGER = "org.springframework.ai.model.tool.DefaultToolCallingManager";
    private static final String METHOD_TOOL = "org.springframework.ai.tool.method.MethodToolCallback";
    private static final ClassFileLocator AGENT_CLASSES = ClassFileLocator.ForClassLoader.of(SpringAi.class.getClassLoader());
    private static final TypePool ADVICE = TypePool.Default.of(AGENT_CLASSES);
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

    /** The agent builder that rewrites the tool-calling manager. */
    public static AgentBuilder agentBuilder(boolean loadedToo) {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(loadedToo ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(new Failures("Spring AI tool calls bind no identity from the policy and offer every tool"))
                .type(named(MANAGER))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(advice(ToolCalls.class).on(named("executeToolCalls").and(takesArguments(2))))
                        .visit(advice(OfferedTools.class).on(named("resolveToolDefinitions").and(takesArguments(1)))));
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

    private static Advice advice(Class<?> type) {
        return Advice.to(ADVICE.describe(type.getName()).resolve(), AGENT_CLASSES);
    }

    /** The tools of one model response run under the identity its request's tool context names. */
    static final class ToolCalls {
        private ToolCalls() {
        }

        @Advice.OnMethodEnter
        static Charter.Binding enter(@Advice.Argument(0) Object request) {
            Prompt prompt = (Prompt) request;
            Map<String, Object> context = prompt != null && prompt.getOptions() instanceof ToolCallingChatOptions options
                    ? options.getToolContext() : null;
            return Frameworks.enter(FRAMEWORK, null, context);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Charter.Binding binding) {
            Frameworks.leave(binding);
        }
    }

    /** The tools a chat model offers are those the request's identity may ever perform. */
    static final class OfferedTools {
        private OfferedTools() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object chatOptions,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            ToolCallingChatOptions options = (ToolCallingChatOptions) chatOptions;
            List<ToolCallback> callbacks = options == null ? null : options.getToolCallbacks();
            if (callbacks != null && returned != null) {
                Set<String> withheld = new HashSet<>();
                for (ToolCallback callback : callbacks) {
                    if (!Frameworks.offers(FRAMEWORK, options.getToolContext(), callback)) {
                        withheld.add(callback.getToolDefinition().name());
                    }
                }
                if (!withheld.isEmpty()) {
                    List<ToolDefinition> offered = new ArrayList<>();
                    for (Object definition : (List<?>) returned) {
                        if (!withheld.contains(((ToolDefinition) definition).name())) {
                            offered.add((ToolDefinition) definition);
                        }
                    }
                    returned = offered;
                }
            }
        }
    }
}
