package dev.charter.agent.policy;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** One policy file as YAML nodes, and problems placed at their positions in it. */
final class PolicySource {

    private final String file;

    PolicySource(String file) {
        this.file = file;
    }

    /** The file's name, as given. */
    String file() {
        return file;
    }

    /** Composes {@code yaml} into its root node; empty when the text holds no document. */
    Optional<Node> compose(String yaml) throws PolicyException {
        // non-scalar keys are let through so that the policy reader can refuse them with a position
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowNonScalarKeys(true).build();
        try {
            return new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String problem = "invalid YAML: " + oneLine(e.getProblem())
                    + (e.getContext() == null || e.getContext().isBlank() ? "" : " (" + oneLine(e.getContext()) + ")");
            if (mark.isPresent()) {
                throw new PolicyException(file, mark.get().getLine() + 1, mark.get().getColumn() + 1, problem);
            }
            throw new PolicyException(file, problem, e);
        } catch (YamlEngineException e) {
            throw new PolicyException(file, "invalid YAML: " + oneLine(e.getMessage()), e);
        } catch (StackOverflowError e) {
            // the YAML parser descends recursively into nested collections and has no depth limit
            throw new PolicyException(file, "invalid YAML: collections nested too deeply", e);
        }
    }

    /** A problem at {@code node}'s position. */
    PolicyException error(Node node, String problem) {
        Mark mark = startOf(node);
        return new PolicyException(file, mark.getLine() + 1, mark.getColumn() + 1, problem);
    }

    /** The 1-based line of {@code node}. */
    static int line(Node node) {
        return startOf(node).getLine() + 1;
    }

    private static Mark startOf(Node node) {
        // composed with marks on (the LoadSettings default), every node has them
        return node.getStartMark().orElseThrow();
    }

    /** {@code node}'s text, or a problem "{@code mustBe}, found ..." when it is not a non-null scalar. */
    String text(Node node, String mustBe) throws PolicyException {
        if (node instanceof ScalarNode scalar && !isNull(node)) {
            return scalar.getValue();
        }
        throw error(node, mustBe + ", found " + describe(node));
    }

    /** {@code node} as a mapping, or a problem "{@code mustBe}, found ...". */
    MappingNode mapping(Node node, String mustBe) throws PolicyException {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw error(node, mustBe + ", found " + describe(node));
    }

    /** {@code node} as a sequence, or a problem "{@code mustBe}, found ...". */
    SequenceNode sequence(Node node, String mustBe) throws PolicyException {
        if (node instanceof SequenceNode sequence) {
            return sequence;
        }
        throw error(node, mustBe + ", found " + describe(node));
    }

    /** Whether {@code node} is a null: an empty value, {@code null} or {@code !!null}. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** What kind of node {@code node} is, for problems: "a mapping", "a list", "nothing" or "a scalar". */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "a scalar";
    }

    private static String oneLine(String text) {
        return text == null ? "no details given" : Text.oneLine(text);
    }
}
