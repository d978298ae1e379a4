package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A policy's YAML as the JSON a schema validates, composed exactly as the parser composes it
 * ({@link PolicySource#compose}): a scalar is a number, boolean or null when YAML resolves it to
 * one and the parser would read it as one, and text otherwise.
 */
final class YamlJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private YamlJson() {
    }

    /** The JSON of {@code yaml}; JSON null for a text without a document. */
    static JsonNode of(String yaml) throws PolicyException {
        return new PolicySource("policy.yaml").compose(yaml).map(YamlJson::json).orElse(JSON.nullNode());
    }

    private static JsonNode json(Node node) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode key)) {
                    throw new IllegalArgumentException("JSON has no key for a non-scalar YAML key");
                }
                object.set(key.getValue(), json(entry.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            sequence.getValue().forEach(item -> array.add(json(item)));
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return JSON.booleanNode(text.toLowerCase(Locale.ROOT).equals("true"));
        }
        if (Tag.INT.equals(tag)) {
            BigInteger whole = integer(text);
            return whole == null ? JSON.stringNode(text) : JSON.numberNode(whole);
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return JSON.numberNode(new BigDecimal(text));
            } catch (NumberFormatException e) {
                return JSON.stringNode(text); // .inf and .nan: JSON has no such numbers, and no policy takes them
            }
        }
        return JSON.stringNode(text);
    }

    private static BigInteger integer(String text) {
        String digits = text.startsWith("+") ? text.substring(1) : text;
        try {
            if (digits.startsWith("0x")) {
                return new BigInteger(digits.substring(2), 16);
            }
            if (digits.startsWith("0o")) {
                return new BigInteger(digits.substring(2), 8);
            }
            return new BigInteger(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
