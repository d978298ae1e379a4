package dev.charter.agent.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

/**
 * One policy file: its bytes, read with the same checks at start and on reload, and as YAML nodes,
 * with problems placed at their positions in it.
 */
final class PolicySource {

    /** The largest policy file read: far beyond any real policy, and small enough to read at once. */
    static final int MAX_BYTES = 4 << 20;

    private final String file;

    PolicySource(String file) {
        this.file = file;
    }

    /** The file's name, as given. */
    String file() {
        return file;
    }

    /**
     * Reads the policy file at {@code path}: a regular file (through symbolic links) of at most
     * {@link #MAX_BYTES}. A FIFO, a device or a directory is refused without being opened, so reading
     * never blocks; a file that grows while it is read is refused when it passes the limit.
     */
    static byte[] read(Path path) throws PolicyException {
        String name = path.toString();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new PolicyException(name, "cannot read: " + (attributes.isDirectory() ? "a directory"
                        : "not a regular file (a FIFO, a device or a socket)"), null);
            }
            if (attributes.size() > MAX_BYTES) {
                throw tooLarge(name, attributes.size());
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] content = in.readNBytes(MAX_BYTES + 1);
                if (content.length > MAX_BYTES) {
                    throw tooLarge(name, -1);
                }
                return content;
            }
        } catch (IOException e) {
            throw new PolicyException(name, "cannot read: " + Policy.why(e), e);
        }
    }

    private static PolicyException tooLarge(String name, long size) {
        return new PolicyException(name, "cannot read: larger than 4 MiB" + (size < 0 ? "" : " (" + size + " bytes)"),
                null);
    }

    /** The text of {@code content}, which must be UTF-8; else a problem at the line and column of the first bad byte. */
    String decode(byte[] content) throws PolicyException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.position(); i++) {
                boolean lineBreak = out.get(i) == '\n';
                line += lineBreak ? 1 : 0;
                column = lineBreak ? 1 : column + 1;
            }
            throw new PolicyException(file, line, column, String.format("not UTF-8 text (byte 0x%02x)",
                    content[in.position()] & 0xff));
        }
        return out.flip().toString();
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
