package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads the limits of one grant ({@code max-per-call}, {@code budget}, {@code rate}, {@code active}, {@code expires}). */
final class LimitsParser {

    private static final List<String> BUDGET_KEYS = List.of("limit", "per");
    private static final List<String> RATE_KEYS = List.of("calls", "per");

    private final PolicySource source;
    private final Scalars scalars;
    private final ActiveParser active;

    LimitsParser(PolicySource source) {
        this.source = source;
        this.scalars = new Scalars(source);
        this.active = new ActiveParser(source);
    }

    /**
     * The limits written in {@code grant}, a grant of {@code identity} whose rule is {@code rule}, on
     * {@code scope} and {@code resources} as written.
     */
    Limits limits(YamlMapping grant, String rule, String identity, String scope, List<String> resources)
            throws PolicyException {
        NodeTuple maxPerCall = grant.get("max-per-call");
        NodeTuple budget = grant.get("budget");
        NodeTuple rate = grant.get("rate");
        NodeTuple active = grant.get("active");
        NodeTuple expires = grant.get("expires");
        return new Limits(rule, identity,
                maxPerCall == null ? null : scalars.number(maxPerCall.getValueNode(), "max-per-call", false),
                budget == null ? null : budget(budget.getValueNode()),
                rate == null ? null : rate(rate.getValueNode()),
                active == null ? null : this.active.active(active.getValueNode()),
                expires == null ? null : expires(expires.getValueNode()), scope, resources);
    }

    private Window budget(Node node) throws PolicyException {
        YamlMapping budget = YamlMapping.of(source.mapping(node, "'budget' must be a mapping of limit and per"), source);
        budget.allowOnly(BUDGET_KEYS, Set.of());
        Node limit = budget.require("limit", "'budget'").getValueNode();
        Node per = budget.require("per", "'budget'").getValueNode();
        return window(scalars.number(limit, "limit", true), limit, per);
    }

    private Window rate(Node node) throws PolicyException {
        YamlMapping rate = YamlMapping.of(source.mapping(node, "'rate' must be a mapping of calls and per"), source);
        rate.allowOnly(RATE_KEYS, Set.of());
        Node calls = rate.require("calls", "'rate'").getValueNode();
        Node per = rate.require("per", "'rate'").getValueNode();
        return window(scalars.positiveWholeNumber(calls, "calls"), calls, per);
    }

    private Window window(BigDecimal limit, Node limitNode, Node perNode) throws PolicyException {
        Duration per = scalars.duration(perNode, "per");
        return new Window(limit, per, Scalars.text(limitNode) + "/" + Scalars.text(perNode));
    }

    private Instant expires(Node node) throws PolicyException {
        String mustBe = "'expires' must be an instant such as 2026-12-31T00:00:00Z";
        String text = source.text(node, mustBe);
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw source.error(node, mustBe + ", found " + Text.quote(text));
        }
    }
}
