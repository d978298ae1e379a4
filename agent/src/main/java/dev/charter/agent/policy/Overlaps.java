package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, for each exclusive scope, the pairs of identities whose effective authority both reach it on
 * one resource, where neither acts on behalf of the other.
 *
 * <p>An identity's effective authority within an exclusive pattern is kept as terms: a scope pattern
 * times a conjunction of resource globs, each coming from one of the identity's own grants. The
 * identity's terms are each own grant (each of its globs, or every resource) intersected with each
 * of its principal's terms, starting from the exclusive pattern itself at the top of the chain; empty
 * terms are dropped. Two identities overlap when a term of each meets the other's in scope
 * ({@link ScopePattern#intersect}) and resource ({@link GlobIntersection}), both computed exactly.
 */
final class Overlaps {

    /** How many action scopes of an overlapping pattern are tried as a witness that no rule governs. */
    private static final int WITNESSES = 64;

    /**
     * Action scopes {@code scope} implies times resources all {@code resources} match (every resource,
     * and actions naming none, when empty), by {@code grant}.
     */
    record Term(ScopePattern scope, List<ResourceGlob> resources, Grant grant) {
    }

    private final Map<String, Identity> identities;
    /** The exclusive pattern that all terms are within. */
    private final ScopePattern pattern;
    /** The terms of each identity whose terms are known, filled top of the chain first. */
    private final Map<String, List<Term>> terms = new HashMap<>();

    /** Terms within {@code pattern} of {@code identities}, whose delegations are declared and acyclic. */
    Overlaps(Map<String, Identity> identities, ScopePattern pattern) {
        this.identities = identities;
        this.pattern = pattern;
    }

    /**
     * Every overlap of every exclusive rule of {@code governance}: per rule in file order, one per pair of
     * identities in file order, naming the first pair of their grants (in file order) that meet.
     *
     * @param identities the declared identities in file order, whose delegations are declared and acyclic
     */
    static List<Overlap> find(Map<String, Identity> identities, Governance governance) {
        List<Overlap> overlaps = new ArrayList<>();
        List<String> names = List.copyOf(identities.keySet());
        List<Exclusive> exclusives = governance.exclusives();
        for (int rule = 0; rule < exclusives.size(); rule++) {
            Overlaps within = new Overlaps(identities, governance.exclusivePattern(rule));
            for (int a = 0; a < names.size(); a++) {
                for (int b = a + 1; b < names.size(); b++) {
                    String first = names.get(a);
                    String second = names.get(b);
                    if (within.actsFor(first, second) || within.actsFor(second, first)) {
                        continue;
                    }
                    Overlap overlap = within.overlap(exclusives.get(rule), first, second, null);
                    if (overlap != null) {
                        overlaps.add(overlap);
                    }
                }
            }
        }
        return List.copyOf(overlaps);
    }

    /**
     * Every overlap of two identities, neither acting on behalf of the other, on some action scope that
     * no exclusive or shared rule of {@code governance} governs: one per pair of identities in file
     * order, naming the first pair of their grants that meet on such a scope, with that scope as the
     * witness. Its {@link Overlap#exclusive} is {@code null}.
     */
    static List<Overlap> ungoverned(Map<String, Identity> identities, Governance governance) {
        List<Overlap> overlaps = new ArrayList<>();
        List<String> names = List.copyOf(identities.keySet());
        Overlaps everywhere = new Overlaps(identities, ScopePattern.compile("*"));
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                String first = names.get(a);
                String second = names.get(b);
                if (everywhere.actsFor(first, second) || everywhere.actsFor(second, first)) {
                    continue;
                }
                Overlap overlap = everywhere.overlap(null, first, second, governance);
                if (overlap != null) {
                    overlaps.add(overlap);
                }
            }
        }
        return List.copyOf(overlaps);
    }

    /** Whether {@code delegate} acts on behalf of {@code principal}, directly or through others. */
    private boolean actsFor(String delegate, String principal) {
        for (String up = identities.get(delegate).principal(); up != null; up = identities.get(up).principal()) {
            if (up.equals(principal)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first overlap of the two identities' terms with a witness scope that {@code governance} does
     * not govern (any scope when it is {@code null}), or {@code null}.
     */
    private Overlap overlap(Exclusive exclusive, String first, String second, Governance governance) {
        for (Term mine : terms(first)) {
            for (Term theirs : terms(second)) {
                ScopePattern scope = mine.scope().intersect(theirs.scope());
                String witness = null;
                for (String example : scope == null ? List.<String>of() : scope.examples(WITNESSES)) {
                    if (governance == null || !governance.governsOverlap(example)) {
                        witness = example;
                        break;
                    }
                }
                if (witness == null) {
                    continue;
                }
                List<ResourceGlob> resources = new ArrayList<>(mine.resources());
                resources.addAll(theirs.resources());
                String resource = GlobIntersection.example(resources);
                if (resource != null) {
                    return new Overlap(exclusive, first, mine.grant().rule(), second, theirs.grant().rule(),
                            witness, resource);
                }
            }
        }
        return null;
    }

    /** The terms of {@code name}'s effective authority within the exclusive pattern, none of them empty. */
    List<Term> terms(String name) {
        List<String> pending = new ArrayList<>();
        for (String level = name; level != null && !terms.containsKey(level); level = identities.get(level).principal()) {
            pending.add(level);
        }
        // iterate rather than recurse: a chain of delegation may be as long as the policy
        for (int i = pending.size() - 1; i >= 0; i--) {
            Identity identity = identities.get(pending.get(i));
            List<Term> above = identity.principal() == null
                    ? List.of(new Term(pattern, List.of(), null)) : terms.get(identity.principal());
            terms.put(pending.get(i), own(identity, above));
        }
        return terms.get(name);
    }

    /** {@code identity}'s own grants, each intersected with each of {@code above}, its principal's terms. */
    private static List<Term> own(Identity identity, List<Term> above) {
        List<Term> terms = new ArrayList<>();
        for (Grant grant : identity.grants()) {
            for (Term term : above) {
                ScopePattern scope = grant.scope().intersect(term.scope());
                if (scope == null) {
                    continue;
                }
                if (grant.coversEveryResource()) {
                    terms.add(new Term(scope, term.resources(), grant));
                    continue;
                }
                for (ResourceGlob glob : grant.resources()) {
                    List<ResourceGlob> resources = new ArrayList<>(term.resources());
                    resources.add(glob);
                    if (GlobIntersection.example(resources) != null) {
                        terms.add(new Term(scope, List.copyOf(resources), grant));
                    }
                }
            }
        }
        return terms;
    }
}
