package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a policy's {@code governance} list. Each rule is exactly one of three shapes: a deferral
 * ({@code scope}, {@code defer: approval}, optional {@code when}), an exclusive scope
 * ({@code exclusive}, optional {@code lease}) or a shared scope ({@code shared}).
 */
final class GovernanceParser {

    private static final List<String> DEFERRAL_KEYS = List.of("scope", "when", "defer");
    private static final List<String> EXCLUSIVE_KEYS = List.of("exclusive", "lease");
    private static final List<String> SHARED_KEYS = List.of("shared");
    private static final String ONE_OF = "a governance rule must have a 'scope' (to defer), an 'exclusive' or a 'shared'";
    private static final List<String> WHEN_KEYS = List.of("spend-over");
    private static final String WHEN_MUST_BE = "'when' must be always or a mapping with 'spend-over'";

    private final PolicySource source;
    private final Scalars scalars;
    private final List<Deferral> deferrals = new ArrayList<>();
    private final List<ScopePattern> deferralPatterns = new ArrayList<>();
    private final List<Exclusive> exclusives = new ArrayList<>();
    private final List<ScopePattern> exclusivePatterns = new ArrayList<>();
    private final List<ScopePattern> sharedPatterns = new ArrayList<>();
    /** Where each of {@link #exclusives} is written: its {@code exclusive} key. */
    private final List<Node> exclusiveKeys = new ArrayList<>();

    GovernanceParser(PolicySource source) {
        this.source = source;
        this.scalars = new Scalars(source);
    }

    /** Reads the rules of {@code node}, the value of {@code governance}; nothing is no rules. */
    void read(Node node) throws PolicyException {
        if (PolicySource.isNull(node)) {
            return;
        }
        SequenceNode rules = source.sequence(node, "'governance' must be a list of rules");
        for (Node item : rules.getValue()) {
            YamlMapping rule = YamlMapping.of(source.mapping(item,
                    "a governance rule must be a mapping with a 'scope', an 'exclusive' or a 'shared'"), source);
            NodeTuple scope = rule.get("scope");
            NodeTuple exclusive = rule.get("exclusive");
            NodeTuple shared = rule.get("shared");
            NodeTuple second = scope != null ? (exclusive != null ? exclusive : shared) : exclusive != null ? shared : null;
            if (second != null) {
                throw source.error(second.getKeyNode(), "a governance rule has one of 'scope' (to defer), 'exclusive' "
                        + "and 'shared', not two (write two rules)");
            }
            if (scope != null) {
                deferral(rule, scope);
            } else if (exclusive != null) {
                exclusive(rule, exclusive);
            } else if (shared != null) {
                rule.allowOnly(SHARED_KEYS, Set.of());
                sharedPatterns.add(ScopePattern.compile(pattern(shared, "shared")));
            } else {
                throw source.error(item, ONE_OF);
            }
        }
    }

    /** The rules read, compiled. */
    Governance governance() {
        return new Governance(deferrals, deferralPatterns, exclusives, exclusivePatterns, sharedPatterns);
    }

    /** The {@code exclusive} key of the {@code index}th exclusive rule read, where a problem with it is reported. */
    Node exclusiveKey(int index) {
        return exclusiveKeys.get(index);
    }

    private void deferral(YamlMapping rule, NodeTuple scope) throws PolicyException {
        rule.allowOnly(DEFERRAL_KEYS, Set.of());
        String pattern = pattern(scope, "scope");
        Node defer = rule.require("defer", "a governance rule with 'scope'").getValueNode();
        String how = source.text(defer, "'defer' must be approval");
        if (!how.equals("approval")) {
            throw source.error(defer, "'defer' must be approval, found " + Text.quote(how));
        }
        NodeTuple when = rule.get("when");
        BigDecimal spendOver = when == null ? null : spendOver(when.getValueNode());
        deferrals.add(new Deferral(rule(scope), pattern, spendOver));
        deferralPatterns.add(ScopePattern.compile(pattern));
    }

    /** The spend above which {@code when} defers, or {@code null} for always. */
    private BigDecimal spendOver(Node when) throws PolicyException {
        if (when instanceof MappingNode mapping) {
            YamlMapping condition = YamlMapping.of(mapping, source);
            condition.allowOnly(WHEN_KEYS, Set.of());
            return scalars.number(condition.require("spend-over", "'when'").getValueNode(), "spend-over", false);
        }
        boolean text = when instanceof ScalarNode && !PolicySource.isNull(when);
        if (text && Scalars.text(when).equals("always")) {
            return null;
        }
        throw source.error(when, WHEN_MUST_BE + ", found "
                + (text ? Text.quote(Scalars.text(when)) : PolicySource.describe(when)));
    }

    private void exclusive(YamlMapping rule, NodeTuple exclusive) throws PolicyException {
        rule.allowOnly(EXCLUSIVE_KEYS, Set.of());
        String pattern = pattern(exclusive, "exclusive");
        NodeTuple lease = rule.get("lease");
        Duration duration = lease == null ? null : scalars.duration(lease.getValueNode(), "lease");
        exclusives.add(new Exclusive(rule(exclusive), pattern, duration));
        exclusivePatterns.add(ScopePattern.compile(pattern));
        exclusiveKeys.add(exclusive.getKeyNode());
    }

    private String pattern(NodeTuple entry, String key) throws PolicyException {
        Node value = entry.getValueNode();
        String pattern = source.text(value, Text.quote(key) + " must be a scope pattern");
        String problem = ScopePattern.problemWith(pattern);
        if (problem != null) {
            throw source.error(value, problem);
        }
        return pattern;
    }

    private String rule(NodeTuple entry) {
        return source.file() + ":" + PolicySource.line(entry.getKeyNode());
    }
}
