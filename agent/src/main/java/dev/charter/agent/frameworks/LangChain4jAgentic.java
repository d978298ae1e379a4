package dev.charter.agent.frameworks;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.call;
import static dev.charter.agent.instrument.Hook.text;

import dev.charter.agent.instrument.Hook;
import dev.charter.agent.policy.FrameworkBinding;
import java.util.List;

/**
 * LangChain4j's agentic module, hooked where a named agent is invoked — by a workflow, a supervisor
 * or a planner ({@code AgentInvoker#invoke}), or on its own ({@code AgentInvocationHandler}): the agent
 * runs, with the tools it calls, under the identity the policy's {@code bind: langchain4j-agentic}
 * gives its name, bound as {@code Charter.bind} binds — so a sub-agent whose identity is no delegate
 * of the invoking one is refused. Matched by class name only: without the module none of it is woven.
 */
public final class LangChain4jAgentic {

    static final String FRAMEWORK = "langchain4j-agentic";
    private static final String FRAMEWORKS = "dev/charter/Frameworks";
    private static final String UNBOUND = "LangChain4j agents run under the identity that invokes them, not their own";

    private LangChain4jAgentic() {
    }

    /** The hooks into the agentic module's classes. */
    public static List<Hook> hooks() {
        Hook.Call bind = call(FRAMEWORKS, "call", "(Ljava/lang/String;Ljava/lang/Object;)Ldev/charter/Charter$Binding;",
                text(FRAMEWORK), THIS);
        Hook.Call leave = call(FRAMEWORKS, "leave", "(Ldev/charter/Charter$Binding;)V", ENTERED);
        return List.of(
                // the default method every invoker of a sub-agent runs
                Hook.in("dev/langchain4j/agentic/internal/AgentInvoker", "invoke",
                        "(Ldev/langchain4j/agentic/scope/DefaultAgenticScope;").atEntry(bind).atEveryExit(leave)
                        .consequence(UNBOUND),
                // an agent called on its own, outside any workflow
                Hook.in("dev/langchain4j/agentic/agent/AgentInvocationHandler", "invokeStandaloneAgent", null)
                        .atEntry(bind).atEveryExit(leave).consequence(UNBOUND));
    }

    /** The identity {@code binding} gives the agent that {@code agent} (its invoker or invocation handler) runs. */
    static String identity(FrameworkBinding binding, Object agent) {
        return binding == null ? null : binding.identity(Reflective.call(agent, "name"));
    }
}
