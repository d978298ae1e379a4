package dev.charter.agent.policy;

import java.util.Map;

/**
 * A {@code bind} entry: where the identity of one framework's calls comes from.
 *
 * @param framework the framework, as the policy names it ({@code langchain4j}, {@code spring-ai})
 * @param source what the framework carries that names the identity
 * @param key the entry's name, for a source that is a named entry, else {@code null}
 * @param prefix prepended to the value to make the identity ({@code user:}), or empty
 * @param toolScope for an MCP server, the scope its tool of each name performs, with {@value #TOOL} for the
 *                  name ({@code tools:{tool}}); else {@code null}
 * @param agents for LangChain4j's agentic module, the identity of each named agent; else empty
 * @param rule the entry's {@code file:line}
 */
public record FrameworkBinding(String framework, Source source, String key, String prefix, String toolScope,
        Map<String, String> agents, String rule) {

    /** Keeps an unmodifiable copy of the agents. */
    public FrameworkBinding {
        agents = Map.copyOf(agents);
    }

    /** Stands for the tool's name in {@link #toolScope}. */
    public static final String TOOL = "{tool}";

    /** What a framework carries that can name an identity. */
    public enum Source {
        /** LangChain4j: the AI service call's {@code @MemoryId} argument. */
        MEMORY_ID("memory-id", false),
        /** LangChain4j: an entry of the call's {@code InvocationParameters}. */
        INVOCATION_PARAMETER("invocation-parameter", true),
        /** Spring AI: an entry of the chat request's tool context. */
        TOOL_CONTEXT("tool-context", true),
        /** LangChain4j agentic: the name of the agent, which {@link #agents} maps to its identity. */
        AGENT_NAME("agent-name", false),
        /** MCP server: the identity the request's passport bound on the thread that took the request. */
        PASSPORT("passport", false),
        /** MCP server: an entry of the request's transport context. */
        TRANSPORT_CONTEXT("transport-context", true);

        private final String name;
        private final boolean keyed;

        Source(String name, boolean keyed) {
            this.name = name;
            this.keyed = keyed;
        }

        /** As the policy writes it. */
        public String written() {
            return name;
        }

        /** Whether the source is a named entry, so that the policy must give its {@code key}. */
        public boolean keyed() {
            return keyed;
        }
    }

    /** The scope of the MCP tool named {@code tool}. */
    public String toolScope(String tool) {
        return toolScope.replace(TOOL, tool);
    }

    /**
     * The identity {@code value} names: the prefix and the value's text — for an agent's name, the
     * identity {@link #agents} gives it — or {@code null} for no value.
     */
    public String identity(Object value) {
        if (value == null) {
            return null;
        }
        if (source == Source.AGENT_NAME) {
            return agents.get(value.toString());
        }
        String text = value.toString();
        return text == null || text.isBlank() ? null : prefix + text;
    }
}
