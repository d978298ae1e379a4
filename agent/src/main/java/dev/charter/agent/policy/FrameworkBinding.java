package dev.charter.agent.policy;

/**
 * A {@code bind} entry: where the identity of one framework's calls comes from.
 *
 * @param framework the framework, as the policy names it ({@code langchain4j}, {@code spring-ai})
 * @param source what the framework carries that names the identity
 * @param key the entry's name, for a source that is a named entry, else {@code null}
 * @param prefix prepended to the value to make the identity ({@code user:}), or empty
 * @param rule the entry's {@code file:line}
 */
public record FrameworkBinding(String framework, Source source, String key, String prefix, String rule) {

    /** What a framework carries that can name an identity. */
    public enum Source {
        /** LangChain4j: the AI service call's {@code @MemoryId} argument. */
        MEMORY_ID("memory-id", false),
        /** LangChain4j: an entry of the call's {@code InvocationParameters}. */
        INVOCATION_PARAMETER("invocation-parameter", true),
        /** Spring AI: an entry of the chat request's tool context. */
        TOOL_CONTEXT("tool-context", true);

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

    /** The identity {@code value} names: the prefix and the value's text, or {@code null} for no value. */
    public String identity(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text == null || text.isBlank() ? null : prefix + text;
    }
}
