package dev.charter.agent.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The entries of one YAML mapping by key, in file order, with non-scalar and duplicate keys refused. */
final class YamlMapping {

    private final MappingNode node;
    private final PolicySource source;
    private final Map<String, NodeTuple> entries;

    private YamlMapping(MappingNode node, PolicySource source, Map<String, NodeTuple> entries) {
        this.node = node;
        this.source = source;
        this.entries = entries;
    }

    /** Reads {@code node}'s entries; a non-scalar key or a key seen before is a problem at that key. */
    static YamlMapping of(MappingNode node, PolicySource source) throws PolicyException {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple entry : node.getValue()) {
            Node key = entry.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                throw source.error(key, "a key must be a name, found " + PolicySource.describe(key));
            }
            NodeTuple first = entries.putIfAbsent(scalar.getValue(), entry);
            if (first != null) {
                throw source.error(key, "duplicate key " + Text.quote(scalar.getValue()) + " (first at line "
                        + PolicySource.line(first.getKeyNode()) + ")");
            }
        }
        return new YamlMapping(node, source, entries);
    }

    /**
     * Refuses any key outside {@code known}: a key in {@code notYetSupported} is a restriction this
     * version does not enforce, and ignoring it would grant more than the policy says.
     */
    void allowOnly(List<String> known, Set<String> notYetSupported) throws PolicyException {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            Node keyNode = entry.getValue().getKeyNode();
            if (notYetSupported.contains(key)) {
                throw source.error(keyNode, Text.quote(key) + " is not supported yet by this version of Charter");
            }
            if (!known.contains(key)) {
                throw source.error(keyNode,
                        "unknown key " + Text.quote(key) + " (expected one of: " + String.join(", ", known) + ")");
            }
        }
    }

    /** The entries by key, in file order. */
    Map<String, NodeTuple> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The entry of {@code key}, or {@code null} when the mapping has none. */
    NodeTuple get(String key) {
        return entries.get(key);
    }

    /** The entry of {@code key}; its absence is a problem at the mapping, which {@code what} names. */
    NodeTuple require(String key, String what) throws PolicyException {
        NodeTuple entry = entries.get(key);
        if (entry == null) {
            throw source.error(node, what + " is missing required key " + Text.quote(key));
        }
        return entry;
    }
}
