package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the grants of delegates that reach beyond the effective authority of their principal, each
 * with an example call the grant covers and the principal does not.
 *
 * <p>The principal's effective authority is kept as {@link Overlaps.Term}s: scope patterns times
 * conjunctions of resource globs. A call (scope, resource) the grant covers lies outside all of them
 * when no term whose pattern implies the scope covers the resource. Which terms imply a scope depends
 * only on, segment by segment, which alternative it is (or that it is none of those written there) and
 * where it ends, so the search walks those choices, depth first, and skips a choice that leaves the
 * same terms in play as one already walked at that depth. For each scope it reaches, the resources
 * are settled exactly by {@link GlobDifference}.
 */
final class Narrowing {

    /** A call outside the principal's authority; {@code resource} is {@code null} for one naming no resource. */
    private record Gap(String scope, String resource) {
    }

    /** How far the search got: a depth and the terms still in play there. */
    private record Walked(int depth, BitSet alive) {
    }

    /** The scope pattern of what is searched: a grant's, or a term's. */
    private final ScopePattern scope;
    /** Its resources: any of these conjunctions of globs; one empty conjunction for every resource. */
    private final List<List<ResourceGlob>> resources;
    private final List<Overlaps.Term> above;
    private final int deepest;
    private final Set<Walked> walked = new HashSet<>();

    private Narrowing(ScopePattern scope, List<List<ResourceGlob>> resources, List<Overlaps.Term> above) {
        this.scope = scope;
        this.resources = resources;
        this.above = above;
        int deepest = scope.size();
        for (Overlaps.Term term : above) {
            deepest = Math.max(deepest, term.scope().size());
        }
        this.deepest = deepest;
    }

    /**
     * Every grant of a delegate in {@code identities} (in file order, whose delegations are declared
     * and acyclic) that covers a call its principal's effective authority does not, in file order.
     */
    static List<Narrowed> find(Map<String, Identity> identities) {
        Overlaps everything = new Overlaps(identities, ScopePattern.compile("*"));
        List<Narrowed> narrowed = new ArrayList<>();
        identities.forEach((name, identity) -> {
            if (identity.principal() == null) {
                return;
            }
            List<Overlaps.Term> above = everything.terms(identity.principal());
            for (Grant grant : identity.grants()) {
                List<List<ResourceGlob>> resources = grant.coversEveryResource() ? List.of(List.of())
                        : grant.resources().stream().map(List::of).toList();
                Gap gap = new Narrowing(grant.scope(), resources, above).search(0, new ArrayList<>(), allOf(above));
                if (gap != null) {
                    narrowed.add(new Narrowed(WrittenGrant.of(name, grant), identity.principal(), gap.scope(),
                            gap.resource(), !meets(grant, above)));
                }
            }
        });
        return List.copyOf(narrowed);
    }

    /**
     * The terms of {@code mine} that cover some call none of {@code theirs} covers, each with such a
     * call, in order: authority that {@code mine} has and {@code theirs} has not.
     */
    static List<Beyond> beyond(List<Overlaps.Term> mine, List<Overlaps.Term> theirs) {
        List<Beyond> beyond = new ArrayList<>();
        for (Overlaps.Term term : mine) {
            Gap gap = new Narrowing(term.scope(), List.of(term.resources()), theirs).search(0, new ArrayList<>(), allOf(theirs));
            if (gap != null) {
                beyond.add(new Beyond(term, gap.scope(), gap.resource()));
            }
        }
        return beyond;
    }

    /** A term that covers a call ({@code scope}, {@code resource}: {@code null} for none) the other side does not. */
    record Beyond(Overlaps.Term term, String scope, String resource) {
    }

    private static BitSet allOf(List<?> terms) {
        BitSet all = new BitSet();
        all.set(0, terms.size());
        return all;
    }

    /** Whether some call is covered both by {@code grant} and by one of {@code terms}. */
    private static boolean meets(Grant grant, List<Overlaps.Term> terms) {
        for (Overlaps.Term term : terms) {
            if (grant.scope().intersect(term.scope()) == null) {
                continue;
            }
            if (grant.coversEveryResource()) {
                return true;
            }
            for (ResourceGlob glob : grant.resources()) {
                List<ResourceGlob> both = new ArrayList<>(term.resources());
                both.add(glob);
                if (GlobIntersection.example(both) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A gap among the scopes that begin with {@code chosen} (the grant implies them so far), where
     * {@code alive} are the terms whose patterns have matched every chosen segment: longer scopes
     * first, the alternatives written first, then one written nowhere, then the scope ending here.
     */
    private Gap search(int depth, List<String> chosen, BitSet alive) {
        if (!walked.add(new Walked(depth, alive))) {
            return null;
        }
        if (depth < deepest) {
            for (String segment : segments(depth, alive)) {
                chosen.add(segment);
                Gap gap = search(depth + 1, chosen, after(alive, depth, segment));
                chosen.remove(depth);
                if (gap != null) {
                    return gap;
                }
            }
        }
        if (depth == 0 || !scope.starsFrom(depth)) {
            return null;
        }
        BitSet covering = new BitSet();
        alive.stream().filter(i -> above.get(i).scope().starsFrom(depth)).forEach(covering::set);
        return resourceGap(String.join(":", chosen), covering);
    }

    /** The segments worth trying at {@code depth}: the grant's alternatives, or those of terms in play and a new one. */
    private List<String> segments(int depth, BitSet alive) {
        ScopePattern own = scope;
        if (depth < own.size() && own.alternatives(depth) != null) {
            return own.alternatives(depth);
        }
        Set<String> written = new LinkedHashSet<>();
        alive.stream().mapToObj(above::get).map(Overlaps.Term::scope)
                .filter(pattern -> depth < pattern.size() && pattern.alternatives(depth) != null)
                .forEach(pattern -> written.addAll(pattern.alternatives(depth)));
        String fresh = "x";
        for (int n = 1; written.contains(fresh); n++) {
            fresh = "x" + n;
        }
        List<String> segments = new ArrayList<>(written);
        segments.add(fresh);
        return segments;
    }

    /** The terms of {@code alive} whose pattern allows {@code segment} at {@code depth}. */
    private BitSet after(BitSet alive, int depth, String segment) {
        BitSet next = (BitSet) alive.clone();
        alive.stream().forEach(i -> {
            ScopePattern pattern = above.get(i).scope();
            if (depth < pattern.size() && pattern.alternatives(depth) != null
                    && !pattern.alternatives(depth).contains(segment)) {
                next.clear(i);
            }
        });
        return next;
    }

    /** A call with action scope {@code example} that what is searched covers and none of the {@code covering} terms does, or {@code null}. */
    private Gap resourceGap(String example, BitSet covering) {
        List<List<ResourceGlob>> outside = new ArrayList<>();
        for (int i = covering.nextSetBit(0); i >= 0; i = covering.nextSetBit(i + 1)) {
            List<ResourceGlob> resources = above.get(i).resources();
            if (resources.isEmpty()) {
                return null;
            }
            outside.add(resources);
        }
        for (List<ResourceGlob> within : resources) {
            if (within.isEmpty()) {
                // when every resource is covered, the call naming none still is not: covering terms all list resources
                return new Gap(example, GlobDifference.example(List.of(), outside));
            }
            String resource = GlobDifference.example(within, outside);
            if (resource != null) {
                return new Gap(example, resource);
            }
        }
        return null;
    }
}
