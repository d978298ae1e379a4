package dev.charter.agent.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a resource that some {@link ResourceGlob}s all match and that lies outside several others,
 * or proves there is none.
 *
 * <p>Where {@link GlobIntersection} follows one position per glob, a resource outside a glob can only
 * be told once every way of matching it has failed, so here each glob is followed by the set of its
 * positions reached so far (the subset construction), and the search walks the product of those sets
 * breadth-first. The alphabet, and the first search asking every star of the globs the resource must
 * match to match at least one character, are {@link GlobIntersection}'s.
 */
final class GlobDifference {

    private GlobDifference() {
    }

    /**
     * A resource that every glob in {@code within} matches (any resource when it is empty) and that,
     * for each list in {@code outside}, at least one of that list's globs does not match; {@code null}
     * when there is none. An empty list in {@code outside} leaves nothing.
     */
    static String example(List<ResourceGlob> within, List<List<ResourceGlob>> outside) {
        List<int[]> inside = new ArrayList<>();
        for (ResourceGlob glob : within) {
            inside.add(glob.elements());
        }
        if (inside.isEmpty()) {
            inside.add(new int[] {ResourceGlob.DOUBLE_STAR});
        }
        List<List<int[]>> excluded = new ArrayList<>();
        for (List<ResourceGlob> globs : outside) {
            excluded.add(globs.stream().map(ResourceGlob::elements).toList());
        }
        List<int[]> all = new ArrayList<>(inside);
        excluded.forEach(all::addAll);
        char[] alphabet = GlobIntersection.alphabet(all);
        String example = new Search(inside.stream().map(GlobIntersection::nonEmptyStars).toList(),
                excluded).run(alphabet);
        return example != null ? example : new Search(inside, excluded).run(alphabet);
    }

    /** One breadth-first walk over the reached positions of every glob, kept in one bit set. */
    private static final class Search {

        private final List<int[]> automata = new ArrayList<>();
        /** Where each automaton's positions begin in a state: its elements' indexes, then one for the end. */
        private final List<Integer> offsets = new ArrayList<>();
        private final int inside;
        /** For each list of {@code outside}, the indexes of its automata. */
        private final List<List<Integer>> groups = new ArrayList<>();
        private int size;

        Search(List<int[]> inside, List<List<int[]>> outside) {
            this.inside = inside.size();
            inside.forEach(this::add);
            for (List<int[]> group : outside) {
                List<Integer> members = new ArrayList<>();
                for (int[] elements : group) {
                    members.add(automata.size());
                    add(elements);
                }
                groups.add(members);
            }
        }

        private void add(int[] elements) {
            automata.add(elements);
            offsets.add(size);
            size += elements.length + 1;
        }

        String run(char[] alphabet) {
            BitSet start = new BitSet(size);
            for (int i = 0; i < automata.size(); i++) {
                start.set(offsets.get(i));
            }
            closeOver(start);
            Map<BitSet, Step> reached = new HashMap<>();
            Deque<BitSet> queue = new ArrayDeque<>();
            reached.put(start, new Step(null, ' '));
            queue.add(start);
            while (!queue.isEmpty()) {
                BitSet state = queue.poll();
                if (accepted(state)) {
                    return spell(state, reached);
                }
                for (char c : alphabet) {
                    BitSet next = after(state, c);
                    if (next != null && !reached.containsKey(next)) {
                        reached.put(next, new Step(state, c));
                        queue.add(next);
                    }
                }
            }
            return null;
        }

        /** Whether every inside automaton is at its end and, of each group, some automaton is not. */
        private boolean accepted(BitSet state) {
            for (int i = 0; i < inside; i++) {
                if (!atEnd(state, i)) {
                    return false;
                }
            }
            for (List<Integer> group : groups) {
                if (group.stream().allMatch(i -> atEnd(state, i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean atEnd(BitSet state, int automaton) {
            return state.get(offsets.get(automaton) + automata.get(automaton).length);
        }

        /** The positions after reading {@code c}, or {@code null} when an inside automaton can no longer match. */
        private BitSet after(BitSet state, char c) {
            BitSet next = new BitSet(size);
            for (int i = 0; i < automata.size(); i++) {
                int[] elements = automata.get(i);
                int offset = offsets.get(i);
                for (int at = state.nextSetBit(offset); at >= 0 && at < offset + elements.length;
                        at = state.nextSetBit(at + 1)) {
                    int element = elements[at - offset];
                    if (element == ResourceGlob.DOUBLE_STAR || element == ResourceGlob.STAR && c != '/') {
                        next.set(at);
                    } else if (element == c || element == GlobIntersection.ONE_ANY
                            || element == GlobIntersection.ONE && c != '/') {
                        next.set(at + 1);
                    }
                }
                int first = next.nextSetBit(offset);
                if (i < inside && (first < 0 || first > offset + elements.length)) {
                    return null;
                }
            }
            closeOver(next);
            return next;
        }

        /** Lets every reached star match nothing: the position after it is reached too. */
        private void closeOver(BitSet state) {
            for (int i = 0; i < automata.size(); i++) {
                int[] elements = automata.get(i);
                int offset = offsets.get(i);
                for (int at = 0; at < elements.length; at++) {
                    if (state.get(offset + at) && (elements[at] == ResourceGlob.STAR || elements[at] == ResourceGlob.DOUBLE_STAR)) {
                        state.set(offset + at + 1);
                    }
                }
            }
        }

        private static String spell(BitSet end, Map<BitSet, Step> reached) {
            StringBuilder example = new StringBuilder();
            for (Step step = reached.get(end); step.previous() != null; step = reached.get(step.previous())) {
                example.append(step.character());
            }
            return example.reverse().toString();
        }
    }

    /** How a state was first reached: from {@code previous} by {@code character}. */
    private record Step(BitSet previous, char character) {
    }
}
