package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy's bind section: where frameworks' calls take their identity from, and every mistake at its position. */
class PolicyBindTest {

    private static final String HEAD = "version: 1\nidentities: {}\nbind:\n";

    @Test
    void parse_memoryId_withPrefix() throws PolicyException {
        Policy policy = Policy.parse(HEAD + "  langchain4j:\n    from: memory-id\n    prefix: \"user:\"\n", "b.yaml");
        FrameworkBinding binding = policy.binding("langchain4j");
        assertEquals(new FrameworkBinding("langchain4j", FrameworkBinding.Source.MEMORY_ID, null, "user:", null, Map.of(), "b.yaml:4"),
                binding);
        assertEquals("user:alice", binding.identity("alice"));
        assertNull(binding.identity(null));
        assertNull(binding.identity(" "));
    }

    @Test
    void parse_invocationParameter_withoutPrefix() throws PolicyException {
        Policy policy = Policy.parse(HEAD + "  langchain4j: {from: invocation-parameter, key: caller}\n", "b.yaml");
        assertEquals(new FrameworkBinding("langchain4j", FrameworkBinding.Source.INVOCATION_PARAMETER, "caller", "",
                null, Map.of(), "b.yaml:4"), policy.binding("langchain4j"));
        assertEquals("agent:x", policy.binding("langchain4j").identity("agent:x"));
    }

    @Test
    void parse_toolContext() throws PolicyException {
        Policy policy = Policy.parse(HEAD + "  spring-ai: {from: tool-context, key: user}\n", "b.yaml");
        assertEquals(new FrameworkBinding("spring-ai", FrameworkBinding.Source.TOOL_CONTEXT, "user", "", null, Map.of(), "b.yaml:4"),
                policy.binding("spring-ai"));
        assertNull(policy.binding("langchain4j"));
    }

    @Test
    void parse_mcpPassport_withToolScope() throws PolicyException {
        Policy policy = Policy.parse(HEAD + "  mcp: {from: passport, tool-scope: \"tools:{tool}\"}\n", "b.yaml");
        FrameworkBinding binding = policy.binding("mcp");
        assertEquals(new FrameworkBinding("mcp", FrameworkBinding.Source.PASSPORT, null, "", "tools:{tool}", Map.of(), "b.yaml:4"),
                binding);
        assertEquals("tools:refund", binding.toolScope("refund"));
    }

    @Test
    void parse_mcpTransportContext() throws PolicyException {
        Policy policy = Policy.parse(HEAD + "  mcp: {from: transport-context, key: user, prefix: \"user:\","
                + " tool-scope: \"mcp:{tool}\"}\n", "b.yaml");
        assertEquals(new FrameworkBinding("mcp", FrameworkBinding.Source.TRANSPORT_CONTEXT, "user", "user:", "mcp:{tool}",
                Map.of(), "b.yaml:4"), policy.binding("mcp"));
        assertEquals("user:alice", policy.binding("mcp").identity("alice"));
    }

    @Test
    void parse_agenticAgents_eachToItsDeclaredIdentity() throws PolicyException {
        Policy policy = Policy.parse("version: 1\nidentities: {agent:a: {}, agent:b: {}}\nbind:\n"
                + "  langchain4j-agentic:\n    agents: {refunds: agent:a, lookups: agent:b}\n", "b.yaml");
        FrameworkBinding binding = policy.binding("langchain4j-agentic");
        assertEquals(new FrameworkBinding("langchain4j-agentic", FrameworkBinding.Source.AGENT_NAME, null, "", null,
                Map.of("refunds", "agent:a", "lookups", "agent:b"), "b.yaml:4"), binding);
        assertEquals("agent:a", binding.identity("refunds"));
        assertNull(binding.identity("unnamed"), "an agent the entry does not name binds nothing");
    }

    @Test
    void parse_agenticAgent_underAnUndeclaredIdentity_isRefusedAtIt() {
        PolicyException refused = assertThrows(PolicyException.class, () -> Policy.parse(
                HEAD + "  langchain4j-agentic:\n    agents: {refunds: agent:ghost}\n", "b.yaml"));
        assertEquals("b.yaml:5:23: agent 'refunds' runs under 'agent:ghost', which the policy does not declare",
                refused.getMessage());
    }

    @Test
    void parse_noBind_bindsNothing() throws PolicyException {
        assertNull(Policy.parse("version: 1\nidentities: {}\n", "b.yaml").binding("langchain4j"));
        assertNull(Policy.parse(HEAD, "b.yaml").binding("langchain4j"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a list           | '  - langchain4j\\n'                                              | b.yaml:4:3: 'bind' must be a mapping of framework names to identity sources, found a list",
        "unknown frame    | '  crewai: {from: memory-id}\\n'                                  | b.yaml:4:3: unknown key 'crewai' (expected one of: langchain4j, langchain4j-agentic, mcp, spring-ai)",
        "not a mapping    | '  langchain4j: memory-id\\n'                                     | b.yaml:4:16: 'langchain4j' must be a mapping of from, key and prefix, found a scalar",
        "no from          | '  langchain4j: {prefix: x}\\n'                                   | b.yaml:4:16: 'langchain4j' is missing required key 'from'",
        "unknown source   | '  langchain4j: {from: tool-context}\\n'                          | b.yaml:4:23: 'from' must be memory-id or invocation-parameter, found 'tool-context'",
        "no key           | '  langchain4j: {from: invocation-parameter}\\n'                  | b.yaml:4:16: 'langchain4j' with from: invocation-parameter is missing required key 'key'",
        "needless key     | '  langchain4j: {from: memory-id, key: user}\\n'                  | b.yaml:4:34: 'key' is only read with from: invocation-parameter",
        "spaced prefix    | '  langchain4j: {from: memory-id, prefix: \"a b\"}\\n'            | b.yaml:4:42: 'prefix' must not contain whitespace or a control character",
        "spring memory    | '  spring-ai: {from: memory-id}\\n'                                  | b.yaml:4:21: 'from' must be tool-context, found 'memory-id'",
        "spring no key    | '  spring-ai: {from: tool-context}\\n'                               | b.yaml:4:14: 'spring-ai' with from: tool-context is missing required key 'key'",
        "unknown key      | '  langchain4j: {from: memory-id, as: x}\\n'                      | b.yaml:4:34: unknown key 'as' (expected one of: from, key, prefix)",
        "mcp no scope     | '  mcp: {from: passport}\\n'                                        | b.yaml:4:8: 'mcp' is missing required key 'tool-scope'",
        "mcp bad scope    | '  mcp: {from: passport, tool-scope: \"a b{tool}\"}\\n'            | b.yaml:4:37: 'tool-scope' 'a b{tool}': scope 'a btool' contains whitespace or a control character",
        "mcp prefix       | '  mcp: {from: passport, prefix: x, tool-scope: t}\\n'             | b.yaml:4:25: 'prefix' is not read with from: passport: the passport names the identity",
        "mcp context key  | '  mcp: {from: transport-context, tool-scope: t}\\n'                | b.yaml:4:8: 'mcp' with from: transport-context is missing required key 'key'",
        "mcp memory id    | '  mcp: {from: memory-id, tool-scope: t}\\n'                       | b.yaml:4:15: 'from' must be passport or transport-context, found 'memory-id'",
    })
    void parse_badEntry_isRefusedAtItsPosition(String name, String entries, String message) {
        PolicyException refused = assertThrows(PolicyException.class,
                () -> Policy.parse(HEAD + entries.replace("\\n", "\n"), "b.yaml"));
        assertEquals(message, refused.getMessage());
    }
}
