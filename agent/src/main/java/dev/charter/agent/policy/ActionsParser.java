package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a policy's {@code actions} list: each entry a {@code method} ({@code pkg.Class#name(types)})
 * or an {@code annotated} annotation's class name, a {@code scope}, and optionally the argument
 * indexes {@code acts-on} and {@code spends}.
 */
final class ActionsParser {

    private static final List<String> KEYS = List.of("method", "annotated", "scope", "acts-on", "spends");
    private static final String NAME = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    private static final String QUALIFIED = NAME + "(?:\\." + NAME + ")*";
    private static final Pattern METHOD = Pattern.compile("(" + QUALIFIED + ")#(" + NAME + ")\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile(QUALIFIED + "(?:\\[\\])*");
    private static final Pattern CLASS = Pattern.compile(QUALIFIED);

    private final PolicySource source;

    ActionsParser(PolicySource source) {
        this.source = source;
    }

    /** The entries of {@code node}, the value of {@code actions}; nothing is no entries. */
    List<ActionTarget> read(Node node) throws PolicyException {
        List<ActionTarget> targets = new ArrayList<>();
        if (PolicySource.isNull(node)) {
            return targets;
        }
        SequenceNode entries = source.sequence(node, "'actions' must be a list of entries");
        for (Node item : entries.getValue()) {
            YamlMapping entry = YamlMapping.of(source.mapping(item,
                    "an actions entry must be a mapping with a 'method' or an 'annotated'"), source);
            entry.allowOnly(KEYS, Set.of());
            targets.add(target(item, entry));
        }
        return targets;
    }

    private ActionTarget target(Node item, YamlMapping entry) throws PolicyException {
        NodeTuple method = entry.get("method");
        NodeTuple annotated = entry.get("annotated");
        if (method != null && annotated != null) {
            throw source.error(annotated.getKeyNode(), "an actions entry has either 'method' or 'annotated', not both");
        }
        if (method == null && annotated == null) {
            throw source.error(item, "an actions entry must have a 'method' or an 'annotated'");
        }
        NodeTuple key = method != null ? method : annotated;
        String rule = source.file() + ":" + PolicySource.line(key.getKeyNode());
        Node scopeNode = entry.require("scope", "an actions entry").getValueNode();
        String scope = source.text(scopeNode, "'scope' must be a scope");
        int actsOn = index(entry, "acts-on");
        int spends = index(entry, "spends");
        if (annotated != null) {
            String annotation = source.text(annotated.getValueNode(), "'annotated' must be an annotation's class name");
            if (!CLASS.matcher(annotation).matches()) {
                throw source.error(annotated.getValueNode(), "'annotated' must be an annotation's class name, such as "
                        + "dev.langchain4j.agent.tool.Tool, found " + Text.quote(annotation));
            }
            checkScope(scopeNode, scope.replace("{class}", "Class").replace("{method}", "method"));
            return new ActionTarget(rule, null, null, null, annotation, scope, actsOn, spends);
        }
        String signature = source.text(method.getValueNode(), "'method' must be a method signature");
        Matcher parts = METHOD.matcher(signature);
        if (!parts.matches()) {
            throw source.error(method.getValueNode(), "'method' must be pkg.Class#name(parameter types), such as "
                    + "com.acme.Payments#refund(java.lang.String,long), found " + Text.quote(signature));
        }
        List<String> types = new ArrayList<>();
        for (String type : parts.group(3).isBlank() ? new String[0] : parts.group(3).split(",", -1)) {
            types.add(type.strip());
        }
        for (String type : types) {
            if (!TYPE.matcher(type).matches()) {
                throw source.error(method.getValueNode(), "'method' has a parameter type that is not a Java type: "
                        + Text.quote(type));
            }
        }
        checkScope(scopeNode, scope);
        for (int index : new int[] {actsOn, spends}) {
            if (index >= types.size()) {
                throw source.error(method.getValueNode(), "argument index " + index + " is beyond the "
                        + types.size() + " parameters of " + Text.quote(signature));
            }
        }
        return new ActionTarget(rule, parts.group(1), parts.group(2), List.copyOf(types), null, scope, actsOn, spends);
    }

    private void checkScope(Node scopeNode, String scope) throws PolicyException {
        String problem = ScopePattern.problemWithActionScope(scope);
        if (problem != null) {
            throw source.error(scopeNode, problem);
        }
    }

    /** An argument index, or -1 when absent. */
    private int index(YamlMapping entry, String key) throws PolicyException {
        NodeTuple tuple = entry.get(key);
        if (tuple == null) {
            return -1;
        }
        Node value = tuple.getValueNode();
        boolean whole = value instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag());
        int index;
        try {
            index = whole ? Integer.parseInt(Scalars.text(value)) : -1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            throw source.error(value, Text.quote(key) + " must be an argument index (0 for the first), found "
                    + (value instanceof ScalarNode ? Text.quote(Scalars.text(value)) : PolicySource.describe(value)));
        }
        return index;
    }
}
