package dev.charter.agent.frameworks;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.charter.Charter;
import dev.charter.Frameworks;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolServiceContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * LangChain4j's AI services, rewritten where an AI service call starts, where its tools are listed
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
 * Matched by class name only: without LangChain4j on the class path none of it loads. The advice is
 * inlined into LangChain4j's classes, so it uses only theirs, the JDK's and {@link Frameworks}.
 */
public final class LangChain4j {

    static final String FRAMEWORK = "langchain4j";
    private static final String SERVICE = "dev.langchain4j.service.";
    private static final ClassFileLocator AGENT_CLASSES = ClassFileLocator.ForClassLoader.of(LangChain4j.class.getClassLoader());
    private static final TypePool ADVICE = TypePool.Default.of(AGENT_CLASSES);

    private LangChain4j() {
    }

    /** The agent builder that rewrites those classes. */
    public static AgentBuilder agentBuilder(boolean loadedToo) {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(loadedToo ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(new Failures("LangChain4j calls bind no identity from the policy and offer every tool"))
                .ignore(not(nameStartsWith(SERVICE)))
                .type(nameStartsWith(SERVICE + "DefaultAiServices$"))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice(Call.class).on(
                        named("invoke").and(takesArguments(3))
                                .and(takesArgument(2, named("dev.langchain4j.invocation.InvocationContext"))))))
                .type(named(SERVICE + "tool.ToolService"))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice(OfferedTools.class).on(
                        namedOneOf("createContext", "refreshDynamicProviders")
                                .and(returns(named(SERVICE + "tool.ToolServiceContext"))))))
                .type(namedOneOf(SERVICE + "AiServiceTokenStream", SERVICE + "AiServiceStreamingResponseHandler"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(advice(Capture.class).on(isConstructor()))
                        .visit(advice(Resume.class).on(isPublic().and(not(isStatic()))
                                .and(named("start").or(nameStartsWith("on"))))));
    }

    /**
     * The advice in {@code type}, read from the agent jar's bytes: loading it would resolve the
     * LangChain4j types its code names, which the agent's class loader need not see.
     */
    private static Advice advice(Class<?> type) {
        return Advice.to(ADVICE.describe(type.getName()).resolve(), AGENT_CLASSES);
    }

    /** An AI service call runs under the identity the policy names for it. */
    static final class Call {
        private Call() {
        }

        @Advice.OnMethodEnter
        static Charter.Binding enter(@Advice.Argument(2) Object context) {
            InvocationContext call = (InvocationContext) context;
            Object memoryId = call.chatMemoryId();
            InvocationParameters parameters = call.invocationParameters();
            // "default" is what LangChain4j puts when the call has no @MemoryId argument
            return Frameworks.enter(FRAMEWORK, "default".equals(memoryId) ? null : memoryId,
                    parameters == null ? null : parameters.asMap());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Charter.Binding binding) {
            Frameworks.leave(binding);
        }
    }

    /** The tools offered to the model are those the bound identity may ever perform. */
    static final class OfferedTools {
        private OfferedTools() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            ToolServiceContext context = (ToolServiceContext) returned;
            if (context != null) {
                Set<String> withheld = new HashSet<>();
                for (Map.Entry<String, ToolExecutor> tool : context.toolExecutors().entrySet()) {
                    if (tool.getValue() instanceof DefaultToolExecutor method
                            && !Frameworks.offers(method.originalMethod())) {
                        withheld.add(tool.getKey());
                    }
                }
                if (!withheld.isEmpty()) {
                    List<ToolSpecification> effective = new ArrayList<>();
                    for (ToolSpecification tool : context.effectiveTools()) {
                        if (!withheld.contains(tool.name())) {
                            effective.add(tool);
                        }
                    }
                    List<ToolSpecification> available = new ArrayList<>();
                    for (ToolSpecification tool : context.availableTools()) {
                        if (!withheld.contains(tool.name())) {
                            available.add(tool);
                        }
                    }
                    returned = context.toBuilder().effectiveTools(effective).availableTools(available).build();
                }
            }
        }
    }

    /** A token stream or response handler remembers the identity of the call that made it. */
    static final class Capture {
        private Capture() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object work) {
            Frameworks.capture(work);
        }
    }

    /** A token stream starts, and a response handler is called back, under the identity it captured. */
    static final class Resume {
        private Resume() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object work) {
            return Frameworks.resume(work);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object resumed) {
            Frameworks.suspend(resumed);
        }
    }
}
