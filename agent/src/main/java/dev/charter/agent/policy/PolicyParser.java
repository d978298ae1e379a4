package dev.charter.agent.policy;

import dev.charter.agent.policy.Delegations.Delegation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads version 1 of the policy format; every problem is a {@link PolicyException} at its position.
 *
 * <p>The keys it reads:
 * <pre>
 * version          required: the number 1
 * mode             optional: enforce (the default) or audit
 * identities       required: a mapping of identity name (non-blank, no whitespace) to its declaration,
 *                  which may be empty ({} or nothing)
 *   on-behalf-of   optional: the identity's principal, a declared identity; no cycles
 *   grants         optional: a list of grants, which may be empty ([] or nothing)
 *     scope        required: a scope pattern ({@link ScopePattern})
 *     resources    optional: a non-empty list of resource globs ({@link ResourceGlob}); without it,
 *                  the grant covers every resource
 *     max-per-call optional: a number &gt;= 0, the most one call may spend
 *     budget       optional: the most that may be spent in a window
 *       limit      required: a number &gt; 0
 *       per        required: a duration
 *     rate         optional: the most calls that may be made in a window
 *       calls      required: a whole number &gt; 0
 *       per        required: a duration
 *     active       optional: when the grant may be used ({@link ActiveParser})
 *       days       optional: MON-FRI, MON,WED,FRI or [MON, WED]; every day by default
 *       from       optional: HH:mm, 00:00 by default
 *       to         optional: HH:mm after from, or 24:00 (the default)
 *       zone       optional: a time zone ID, UTC by default
 *     expires      optional: an ISO-8601 instant, such as 2026-12-31T00:00:00Z
 * governance       optional: a list of rules, which may be empty ([] or nothing); each one of:
 *   scope          a scope pattern: defer the actions it implies for approval
 *   when           optional: always (the default) or a mapping of
 *     spend-over   required: a number &gt;= 0; defer only calls that spend more
 *   defer          required: approval
 * or:
 *   exclusive      a scope pattern no two identities may hold on one resource (see {@link Overlaps})
 *   lease          optional: a duration; without it, an overlap makes the policy invalid
 * actions          optional: a list of code to enforce that carries no @ScopedAction; each one of:
 *   method         pkg.Class#name(parameter types), such as com.acme.Payments#refund(java.lang.String,long)
 *   annotated      an annotation's class name: every method carrying it
 *   scope          required: the action scope; for annotated, {class} and {method} stand for simple names
 *   acts-on        optional: the index of the argument that names the resource
 *   spends         optional: the index of the argument that is the amount
 * bind             optional: where agent frameworks' calls take their identity from ({@link BindParser})
 * trust            optional: passports this service accepts and sends ({@link TrustParser})
 *   issuers        optional: issuer name to Ed25519 public key (base64 X.509 SubjectPublicKeyInfo)
 *   propagate      optional: a list of outbound targets, each with 'to' (a {@link UrlPattern}) and 'audience'
 * </pre>
 * Numbers are YAML numbers, at most 18 digits either side of the point. A duration is a whole number
 * above zero and a unit, ms, s, m, h or d: {@code 30s}, {@code 1d}; at most {@code 36500d}. Durations, times, zones and
 * instants are read from the text as written, whatever type YAML would give it.

 */
final class PolicyParser {

    private static final List<String> POLICY_KEYS =
            List.of("version", "mode", "identities", "governance", "actions", "bind", "trust");
    private static final List<String> IDENTITY_KEYS = List.of("on-behalf-of", "grants");
    private static final List<String> GRANT_KEYS =
            List.of("scope", "resources", "max-per-call", "budget", "rate", "active", "expires");

    private final PolicySource source;
    private final LimitsParser limits;

    private PolicyParser(PolicySource source) {
        this.source = source;
        this.limits = new LimitsParser(source);
    }

    /** Parses {@code yaml}, naming {@code file} in problems and rules. */
    static Policy parse(String yaml, String file) throws PolicyException {
        PolicySource source = new PolicySource(file);
        Optional<Node> root = source.compose(yaml);
        if (root.isEmpty()) {
            throw new PolicyException(file, 1, 1, "the policy is empty (expected at least version and identities)");
        }
        return new PolicyParser(source).policy(root.get());
    }

    private Policy policy(Node root) throws PolicyException {
        YamlMapping policy = YamlMapping.of(
                source.mapping(root, "the policy must be a mapping of version, mode and identities"), source);
        // the version comes first: a newer version's keys would otherwise be reported as unknown
        checkVersion(policy.require("version", "the policy").getValueNode());
        policy.allowOnly(POLICY_KEYS, Set.of());
        Mode mode = mode(policy.get("mode"));
        Map<String, Identity> identities = identities(policy.require("identities", "the policy").getValueNode());
        NodeTuple governance = policy.get("governance");
        GovernanceParser rules = new GovernanceParser(source);
        if (governance != null) {
            rules.read(governance.getValueNode());
        }
        Governance compiled = rules.governance();
        List<Overlap> overlaps = Overlaps.find(identities, compiled);
        checkExclusive(compiled, overlaps, rules);
        NodeTuple actions = policy.get("actions");
        List<ActionTarget> targets = actions == null ? List.of() : new ActionsParser(source).read(actions.getValueNode());
        NodeTuple bind = policy.get("bind");
        Map<String, FrameworkBinding> bindings = bind == null ? Map.of() : new BindParser(source).read(bind.getValueNode(),
                identities.keySet());
        NodeTuple trust = policy.get("trust");
        Trust trusted = trust == null ? null : new TrustParser(source).read(trust.getValueNode());
        return new Policy(source.file(), mode, identities, compiled, overlaps, targets, bindings, trusted);
    }

    /** Refuses the first overlap under an exclusive rule without a lease, at that rule's {@code exclusive} key. */
    private void checkExclusive(Governance governance, List<Overlap> overlaps, GovernanceParser rules)
            throws PolicyException {
        List<Exclusive> exclusives = governance.exclusives();
        for (int i = 0; i < exclusives.size(); i++) {
            Exclusive exclusive = exclusives.get(i);
            if (exclusive.lease() != null) {
                continue;
            }
            for (Overlap overlap : overlaps) {
                if (overlap.exclusive() == exclusive) {
                    throw source.error(rules.exclusiveKey(i), "exclusive " + Text.quote(exclusive.pattern())
                            + " is held by both " + overlap.first() + " (" + overlap.firstRule() + ") and "
                            + overlap.second() + " (" + overlap.secondRule() + "), e.g. " + overlap.scope()
                            + " on " + overlap.resource());
                }
            }
        }
    }

    private void checkVersion(Node version) throws PolicyException {
        if (version instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            if (!scalar.getValue().equals("1")) {
                throw source.error(version, "version " + scalar.getValue()
                        + " is not supported (this version of Charter reads version 1)");
            }
            return;
        }
        String found = version instanceof ScalarNode scalar && !PolicySource.isNull(version)
                ? Text.quote(scalar.getValue()) : PolicySource.describe(version);
        throw source.error(version, "'version' must be the number 1, found " + found);
    }

    private Mode mode(NodeTuple entry) throws PolicyException {
        if (entry == null) {
            return Mode.ENFORCE;
        }
        Node value = entry.getValueNode();
        String mode = source.text(value, "'mode' must be enforce or audit");
        return switch (mode) {
            case "enforce" -> Mode.ENFORCE;
            case "audit" -> Mode.AUDIT;
            default -> throw source.error(value, "'mode' must be enforce or audit, found " + Text.quote(mode));
        };
    }

    private Map<String, Identity> identities(Node node) throws PolicyException {
        YamlMapping identities = YamlMapping.of(
                source.mapping(node, "'identities' must be a mapping of identity names to declarations"), source);
        List<Delegation> delegations = new ArrayList<>();
        Map<String, Identity> declared = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : identities.entries().entrySet()) {
            String name = entry.getKey();
            checkName(name, entry.getValue().getKeyNode());
            declared.put(name, identity(name, entry.getValue().getValueNode(), delegations));
        }
        Delegations.check(delegations, declared.keySet(), source);
        return declared;
    }

    /** Reads the declaration of {@code name}, adding its {@code on-behalf-of}, if any, to {@code delegations}. */
    private Identity identity(String name, Node declaration, List<Delegation> delegations) throws PolicyException {
        if (PolicySource.isNull(declaration)) {
            return new Identity(null, null, List.of());
        }
        YamlMapping keys = YamlMapping.of(source.mapping(declaration,
                "identity " + Text.quote(name) + " must be a mapping of on-behalf-of and grants"), source);
        keys.allowOnly(IDENTITY_KEYS, Set.of());
        String principal = null;
        String delegationRule = null;
        NodeTuple onBehalfOf = keys.get("on-behalf-of");
        if (onBehalfOf != null) {
            Node value = onBehalfOf.getValueNode();
            principal = source.text(value, "'on-behalf-of' must name an identity");
            delegationRule = rule(onBehalfOf);
            delegations.add(new Delegation(name, principal, value));
        }
        NodeTuple grants = keys.get("grants");
        boolean noGrants = grants == null || PolicySource.isNull(grants.getValueNode());
        return new Identity(principal, delegationRule, noGrants ? List.of() : grants(name, grants.getValueNode()));
    }

    private void checkName(String name, Node at) throws PolicyException {
        if (name.isBlank()) {
            throw source.error(at, "identity name is empty");
        }
        if (Text.containsSpaceOrControl(name)) {
            throw source.error(at, "identity name " + Text.quote(name) + " contains whitespace or a control character");
        }
    }

    private List<Grant> grants(String identity, Node node) throws PolicyException {
        SequenceNode sequence = source.sequence(node, "'grants' must be a list of grants");
        List<Grant> grants = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            YamlMapping grant = YamlMapping.of(
                    source.mapping(item, "a grant must be a mapping with a 'scope'"), source);
            grant.allowOnly(GRANT_KEYS, Set.of());
            NodeTuple scope = grant.require("scope", "a grant");
            Node value = scope.getValueNode();
            String pattern = source.text(value, "'scope' must be a scope pattern");
            String problem = ScopePattern.problemWith(pattern);
            if (problem != null) {
                throw source.error(value, problem);
            }
            NodeTuple resources = grant.get("resources");
            List<ResourceGlob> globs = resources == null ? List.of() : globs(resources.getValueNode());
            String rule = rule(scope);
            List<String> written = new ArrayList<>(globs.size());
            for (ResourceGlob glob : globs) {
                written.add(glob.toString());
            }
            grants.add(new Grant(ScopePattern.compile(pattern), globs, rule, limits.limits(grant, rule, identity, pattern,
                    List.copyOf(written))));
        }
        return grants;
    }

    private List<ResourceGlob> globs(Node node) throws PolicyException {
        SequenceNode sequence = source.sequence(node, "'resources' must be a list of resource globs");
        if (sequence.getValue().isEmpty()) {
            throw source.error(node, "'resources' must not be empty (leave it out to grant every resource)");
        }
        List<ResourceGlob> globs = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String glob = source.text(item, "a resource glob must be a string");
            String problem = ResourceGlob.problemWith(glob);
            if (problem != null) {
                throw source.error(item, problem);
            }
            globs.add(ResourceGlob.compile(glob));
        }
        return globs;
    }

    /** {@code file:line} of {@code entry}'s key: the rule a decision names. */
    private String rule(NodeTuple entry) {
        return source.file() + ":" + PolicySource.line(entry.getKeyNode());
    }
}
