package dev.charter.agent.policy;

import dev.charter.agent.policy.FrameworkBinding.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads the policy's {@code bind}: a mapping of framework name to where its calls' identity comes from.
 * <pre>
 * langchain4j
 *   from     required: memory-id (the AI service call's @MemoryId argument) or invocation-parameter
 *            (an entry of the call's InvocationParameters)
 *   key      the entry's name: required with invocation-parameter, refused otherwise
 *   prefix   optional: text put before the value to make the identity, such as "user:"
 * spring-ai
 *   from     required: tool-context (an entry of the chat request's tool context)
 *   key      required: the entry's name
 *   prefix   optional: as above
 * mcp
 *   from       required: passport (the identity the request's passport bound) or transport-context
 *              (an entry of the request's transport context)
 *   key        the entry's name: required with transport-context, refused otherwise
 *   prefix     optional with transport-context, refused otherwise
 *   tool-scope required: the scope each tool performs, {tool} standing for its name ("tools:{tool}")
 * langchain4j-agentic
 *   agents   required: a mapping of agent name to the declared identity the agent runs under
 * </pre>
 */
final class BindParser {

    /** The frameworks and the sources each one offers. */
    private static final Map<String, List<Source>> FRAMEWORKS =
            Map.of("langchain4j", List.of(Source.MEMORY_ID, Source.INVOCATION_PARAMETER),
                    "spring-ai", List.of(Source.TOOL_CONTEXT),
                    "mcp", List.of(Source.PASSPORT, Source.TRANSPORT_CONTEXT),
                    "langchain4j-agentic", List.of(Source.AGENT_NAME));
    private static final List<String> KEYS = List.of("from", "key", "prefix");
    private static final List<String> MCP_KEYS = List.of("from", "key", "prefix", "tool-scope");

    private final PolicySource source;

    BindParser(PolicySource source) {
        this.source = source;
    }

    /** Reads {@code node}, the value of {@code bind}: the entries by framework; {@code declared} are the policy's identities. */
    Map<String, FrameworkBinding> read(Node node, Set<String> declared) throws PolicyException {
        Map<String, FrameworkBinding> bindings = new LinkedHashMap<>();
        if (PolicySource.isNull(node)) {
            return bindings;
        }
        YamlMapping frameworks = YamlMapping.of(
                source.mapping(node, "'bind' must be a mapping of framework names to identity sources"), source);
        frameworks.allowOnly(List.copyOf(new TreeSet<>(FRAMEWORKS.keySet())), Set.of());
        for (Map.Entry<String, NodeTuple> entry : frameworks.entries().entrySet()) {
            bindings.put(entry.getKey(), entry.getKey().equals("langchain4j-agentic")
                    ? agents(entry.getValue(), declared) : binding(entry.getKey(), entry.getValue()));
        }
        return bindings;
    }

    private FrameworkBinding binding(String framework, NodeTuple entry) throws PolicyException {
        List<Source> offered = FRAMEWORKS.get(framework);
        List<String> sources = new ArrayList<>();
        for (Source offer : offered) {
            sources.add(offer.written()); // loops, not lambdas: each lambda is a class spun at every start
        }
        String expected = "'from' must be " + String.join(" or ", sources);
        boolean mcp = framework.equals("mcp");
        YamlMapping keys = YamlMapping.of(source.mapping(entry.getValueNode(), "'" + framework
                + "' must be a mapping of from, key" + (mcp ? ", prefix and tool-scope" : " and prefix")), source);
        keys.allowOnly(mcp ? MCP_KEYS : KEYS, Set.of());
        Node fromNode = keys.require("from", "'" + framework + "'").getValueNode();
        String from = source.text(fromNode, expected);
        Source chosen = null;
        for (Source offer : offered) {
            if (chosen == null && offer.written().equals(from)) {
                chosen = offer;
            }
        }
        if (chosen == null) {
            throw source.error(fromNode, expected + ", found " + Text.quote(from));
        }
        NodeTuple key = keys.get("key");
        String keyText = null;
        if (chosen.keyed()) {
            keyText = source.text(keys.require("key", "'" + framework + "' with from: " + from).getValueNode(),
                    "'key' must name the entry");
        } else if (key != null) {
            throw source.error(key.getKeyNode(), "'key' is only read with from: " + offered.stream()
                    .filter(Source::keyed).map(Source::written).reduce((a, b) -> a + " or " + b).orElseThrow());
        }
        NodeTuple prefix = keys.get("prefix");
        if (prefix != null && chosen == Source.PASSPORT) {
            throw source.error(prefix.getKeyNode(), "'prefix' is not read with from: passport: the passport names the identity");
        }
        String prefixText = prefix == null ? "" : source.text(prefix.getValueNode(), "'prefix' must be text");
        if (Text.containsSpaceOrControl(prefixText)) {
            throw source.error(prefix.getValueNode(), "'prefix' must not contain whitespace or a control character");
        }
        String toolScope = mcp ? toolScope(keys) : null;
        return new FrameworkBinding(framework, chosen, keyText, prefixText, toolScope, Map.of(),
                source.file() + ":" + PolicySource.line(entry.getKeyNode()));
    }

    /** The agentic entry: each named agent's identity, which the policy must declare. */
    private FrameworkBinding agents(NodeTuple entry, Set<String> declared) throws PolicyException {
        YamlMapping keys = YamlMapping.of(source.mapping(entry.getValueNode(),
                "'langchain4j-agentic' must be a mapping of agents"), source);
        keys.allowOnly(List.of("agents"), Set.of());
        Node agentsNode = keys.require("agents", "'langchain4j-agentic'").getValueNode();
        YamlMapping named = YamlMapping.of(source.mapping(agentsNode,
                "'agents' must be a mapping of agent names to identities"), source);
        Map<String, String> agents = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> agent : named.entries().entrySet()) {
            Node value = agent.getValue().getValueNode();
            String identity = source.text(value, "agent " + Text.quote(agent.getKey()) + " must name an identity");
            if (!declared.contains(identity)) {
                throw source.error(value, "agent " + Text.quote(agent.getKey()) + " runs under " + Text.quote(identity)
                        + ", which the policy does not declare");
            }
            agents.put(agent.getKey(), identity);
        }
        return new FrameworkBinding("langchain4j-agentic", Source.AGENT_NAME, null, "", null, agents,
                source.file() + ":" + PolicySource.line(entry.getKeyNode()));
    }

    /** The scope template of an MCP server's tools: valid as an action's scope for any tool name. */
    private String toolScope(YamlMapping keys) throws PolicyException {
        Node node = keys.require("tool-scope", "'mcp'").getValueNode();
        String template = source.text(node, "'tool-scope' must be a scope, with " + FrameworkBinding.TOOL
                + " for the tool's name");
        String problem = Policy.checkActionScope(template.replace(FrameworkBinding.TOOL, "tool"));
        if (problem != null) {
            throw source.error(node, "'tool-scope' " + Text.quote(template) + ": " + problem);
        }
        return template;
    }
}
