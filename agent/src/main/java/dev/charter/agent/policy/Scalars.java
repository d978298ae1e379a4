package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.time.Duration;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the numbers and durations of limits and governance rules, refusing anything else at its position.
 *
 * <p>Numbers must be YAML numbers (not quoted). Durations, times and instants are read from the
 * scalar's text as written, whatever tag YAML would resolve it to.
 */
final class Scalars {

    /** How many digits a number may have on either side of its point: enough for money, bounded for arithmetic. */
    private static final int MAX_DIGITS = 18;

    private final PolicySource source;

    Scalars(PolicySource source) {
        this.source = source;
    }

    /** A number at least zero ({@code positive} false) or above zero ({@code positive} true), as {@code key}'s value. */
    BigDecimal number(Node node, String key, boolean positive) throws PolicyException {
        String mustBe = Text.quote(key) + " must be a number " + (positive ? "> 0" : ">= 0");
        BigDecimal number = decimal(node, mustBe);
        if (positive ? number.signum() <= 0 : number.signum() < 0) {
            throw source.error(node, mustBe + ", found " + Text.quote(text(node)));
        }
        return number;
    }

    /** A whole number above zero, as {@code key}'s value. */
    BigDecimal positiveWholeNumber(Node node, String key) throws PolicyException {
        String mustBe = Text.quote(key) + " must be a positive whole number";
        boolean whole = node instanceof ScalarNode && Tag.INT.equals(node.getTag());
        BigDecimal number = decimal(node, mustBe);
        if (!whole || number.signum() <= 0) {
            throw source.error(node, mustBe + ", found " + Text.quote(text(node)));
        }
        return number;
    }

    /** A positive duration, {@code <whole number><unit>} with unit ms, s, m, h or d, as {@code key}'s value. */
    Duration duration(Node node, String key) throws PolicyException {
        String text = source.text(node, Text.quote(key) + " must be a duration such as 30s, 5m, 1h or 1d");
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw source.error(node, Text.quote(key) + " " + e.getMessage());
        }
    }

    /** The text of a non-null scalar, as written. */
    static String text(Node node) {
        return ((ScalarNode) node).getValue();
    }

    private BigDecimal decimal(Node node, String mustBe) throws PolicyException {
        boolean number = node instanceof ScalarNode
                && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()));
        if (!number) {
            String found = node instanceof ScalarNode && !PolicySource.isNull(node)
                    ? Text.quote(text(node)) : PolicySource.describe(node);
            throw source.error(node, mustBe + ", found " + found);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text(node));
        } catch (NumberFormatException e) {
            // .inf and .nan are YAML floats but not amounts
            throw source.error(node, mustBe + ", found " + Text.quote(text(node)));
        }
        if (value.scale() > MAX_DIGITS || value.precision() - value.scale() > MAX_DIGITS) {
            throw source.error(node, mustBe + " with at most " + MAX_DIGITS
                    + " digits before and after the point, found " + Text.quote(text(node)));
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
