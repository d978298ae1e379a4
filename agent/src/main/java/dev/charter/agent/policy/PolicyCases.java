package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads the unit tests of a policy that {@code test} runs; every problem is a {@link PolicyException}
 * at its position. The keys it reads:
 * <pre>
 * cases            required: a non-empty list of cases; each:
 *   name           required: what the case shows, in a few words
 *   identity       required: the identity bound when the call is made
 *   scope          required: the action's scope
 *   resource       optional: the call's {@code @ActsOn} value; without it, the action names none
 *   spend          optional: the call's {@code @Spends} amount, a number; without it, the action spends nothing
 *   at             optional: the instant of the call, ISO-8601 ({@code 2026-12-02T10:00:00Z}); now by default
 *   before         optional: earlier calls in the same case, made in order and charged when allowed,
 *                  each a mapping of identity, scope, resource, spend and at; what one leaves out is
 *                  the case's own ({@code - {}} repeats the case's call)
 *   governor       optional: approve or refuse — the governor's answer to a deferral; without it,
 *                  a deferred call is expected as {@code defer}
 *   expect         required: allow, deny or defer
 *   reason         optional: a fragment the decision's reason must contain
 * </pre>
 */
public final class PolicyCases {

    private static final List<String> FILE_KEYS = List.of("cases");
    private static final List<String> CASE_KEYS =
            List.of("name", "identity", "scope", "resource", "spend", "at", "before", "governor", "expect", "reason");
    private static final List<String> CALL_KEYS = List.of("identity", "scope", "resource", "spend", "at");

    /** What a case expects: the decision as the agent makes it, or that governance is asked. */
    public enum Expect { ALLOW, DENY, DEFER }

    /**
     * One call: who, what, on what, for how much, when ({@code null}: now).
     *
     * @param rule {@code file:line} where the call is written
     */
    public record Call(String rule, String identity, String scope, String resource, BigDecimal spend, Instant at) {
    }

    /**
     * One case: its call, the calls made before it, the governor's answer ({@code null}: none asked),
     * and what is expected.
     */
    public record Case(String name, Call call, List<Call> before, Boolean governorApproves, Expect expect,
            String reason) {

        public Case {
            Objects.requireNonNull(name, "name");
            before = List.copyOf(before);
        }
    }

    private final PolicySource source;
    private final Scalars scalars;

    private PolicyCases(PolicySource source) {
        this.source = source;
        this.scalars = new Scalars(source);
    }

    /** Reads the cases in {@code file}, UTF-8 text, with the checks of a policy file ({@link Policy#read}). */
    public static List<Case> load(Path file) throws PolicyException {
        return parse(new PolicySource(file.toString()).decode(PolicySource.read(file)), file.toString());
    }

    /** Parses {@code yaml}, naming {@code file} in problems and rules. */
    public static List<Case> parse(String yaml, String file) throws PolicyException {
        PolicySource source = new PolicySource(file);
        Node root = source.compose(yaml).orElseThrow(() -> new PolicyException(file, 1, 1, "no cases (expected 'cases:')"));
        return new PolicyCases(source).cases(root);
    }

    private List<Case> cases(Node root) throws PolicyException {
        YamlMapping top = YamlMapping.of(source.mapping(root, "the cases file must be a mapping with 'cases'"), source);
        top.allowOnly(FILE_KEYS, Set.of());
        Node list = top.require("cases", "the cases file").getValueNode();
        List<Node> items = source.sequence(list, "'cases' must be a list of cases").getValue();
        if (items.isEmpty()) {
            throw source.error(list, "'cases' must list at least one case");
        }
        List<Case> cases = new ArrayList<>();
        for (Node item : items) {
            cases.add(one(item));
        }
        return cases;
    }

    private Case one(Node node) throws PolicyException {
        YamlMapping entry = YamlMapping.of(source.mapping(node, "a case must be a mapping"), source);
        entry.allowOnly(CASE_KEYS, Set.of());
        String name = text(entry.require("name", "the case"), "'name'");
        Call call = call(node, entry, null);
        List<Call> before = new ArrayList<>();
        NodeTuple earlier = entry.get("before");
        if (earlier != null) {
            for (Node item : source.sequence(earlier.getValueNode(), "'before' must be a list of calls").getValue()) {
                YamlMapping each = YamlMapping.of(source.mapping(item, "an earlier call must be a mapping"), source);
                each.allowOnly(CALL_KEYS, Set.of());
                before.add(call(item, each, call));
            }
        }
        Boolean approves = null;
        NodeTuple governor = entry.get("governor");
        if (governor != null) {
            String answer = text(governor, "'governor'");
            if (!answer.equals("approve") && !answer.equals("refuse")) {
                throw source.error(governor.getValueNode(), "'governor' must be approve or refuse, found " + Text.quote(answer));
            }
            approves = answer.equals("approve");
        }
        NodeTuple expected = entry.require("expect", "the case");
        Expect expect = switch (text(expected, "'expect'")) {
            case "allow" -> Expect.ALLOW;
            case "deny" -> Expect.DENY;
            case "defer" -> Expect.DEFER;
            default -> throw source.error(expected.getValueNode(), "'expect' must be allow, deny or defer, found "
                    + Text.quote(Scalars.text(expected.getValueNode())));
        };
        if (expect == Expect.DEFER && approves != null) {
            throw source.error(expected.getValueNode(), "with a 'governor' answer, a case expects allow or deny");
        }
        NodeTuple reason = entry.get("reason");
        return new Case(name, call, before, approves, expect, reason == null ? null : text(reason, "'reason'"));
    }

    /** A call written at {@code node}; what it omits comes from {@code defaults} (the case's call), if any. */
    private Call call(Node node, YamlMapping entry, Call defaults) throws PolicyException {
        String identity = entry.get("identity") != null ? text(entry.get("identity"), "'identity'")
                : defaults != null ? defaults.identity() : text(entry.require("identity", "the case"), "'identity'");
        String scope = entry.get("scope") != null ? text(entry.get("scope"), "'scope'")
                : defaults != null ? defaults.scope() : text(entry.require("scope", "the case"), "'scope'");
        NodeTuple scopeEntry = entry.get("scope");
        String problem = ScopePattern.problemWithActionScope(scope);
        if (problem != null) {
            throw source.error(scopeEntry != null ? scopeEntry.getValueNode() : node, problem);
        }
        NodeTuple resource = entry.get("resource");
        NodeTuple spend = entry.get("spend");
        NodeTuple at = entry.get("at");
        return new Call(source.file() + ":" + PolicySource.line(node), identity, scope,
                resource != null ? text(resource, "'resource'") : defaults == null ? null : defaults.resource(),
                spend != null ? scalars.number(spend.getValueNode(), "spend", false) : defaults == null ? null : defaults.spend(),
                at != null ? instant(at) : defaults == null ? null : defaults.at());
    }

    private Instant instant(NodeTuple entry) throws PolicyException {
        String text = text(entry, "'at'");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw source.error(entry.getValueNode(), "'at' must be an ISO-8601 instant such as 2026-12-02T10:00:00Z, found "
                    + Text.quote(text));
        }
    }

    private String text(NodeTuple entry, String key) throws PolicyException {
        return source.text(entry.getValueNode(), key + " must be text");
    }
}
