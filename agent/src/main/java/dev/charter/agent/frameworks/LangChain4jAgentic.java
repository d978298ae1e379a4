package dev.charter.agent.frameworks;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.charter.Charter;
import dev.charter.Frameworks;
import dev.langchain4j.agentic.planner.AgentInstance;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * LangChain4j's agentic module, rewritten where a named agent is invoked — by a workflow, a supervisor
 * or a planner ({@code AgentInvoker#invoke}), or on its own ({@code AgentInvocationHandler}): the agent
 * runs, with the tools it calls, under the identity the policy's {@code bind: langchain4j-agentic}
 * gives its name, bound as {@code Charter.bind} binds — so a sub-agent whose identity is no delegate
 * of the invoking one is refused. Matched by class name only: without the module none of it loads.
 */
public final class LangChain4jAgentic {

    static final String FRAMEWORK = "langchain4j-agentic";
    private static final String INVOKER = "dev.langchain4j.agentic.internal.AgentInvoker";
    private static final String HANDLER = "dev.langchain4j.agentic.agent.AgentInvocationHandler";
    private static final ClassFileLocator AGENT_CLASSES =
            ClassFileLocator.ForClassLoader.of(LangChain4jAgentic.class.getClassLoader());
    private static final TypePool ADVICE = TypePool.Default.of(AGENT_CLASSES);

    private LangChain4jAgentic() {
    }

    /** The agent builder that rewrites those classes. */
    public static AgentBuilder agentBuilder(boolean loadedToo) {
        Advice named = Advice.to(ADVICE.describe(NamedAgent.class.getName()).resolve(), AGENT_CLASSES);
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(loadedToo ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(new Failures("LangChain4j agents run under the identity that invokes them, not their own"))
                .ignore(not(namedOneOf(INVOKER, HANDLER)))
                // the default method every invoker of a sub-agent runs
                .type(named(INVOKER))
                .transform((builder, type, loader, module, domain) -> builder.visit(named.on(named("invoke")
                        .and(takesArguments(3))
                        .and(takesArgument(0, named("dev.langchain4j.agentic.scope.DefaultAgenticScope"))))))
                // an agent called on its own, outside any workflow
                .type(named(HANDLER))
                .transform((builder, type, loader, module, domain) -> builder.visit(named.on(
                        named("invokeStandaloneAgent").and(takesArguments(2)))));
    }

    /** A named agent runs under the identity the policy gives its name. */
    static final class NamedAgent {
        private NamedAgent() {
        }

        @Advice.OnMethodEnter
        static Charter.Binding enter(@Advice.This Object agent) {
            return Frameworks.enter(FRAMEWORK, ((AgentInstance) agent).name(), null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Charter.Binding binding) {
            Frameworks.leave(binding);
        }
    }
}
