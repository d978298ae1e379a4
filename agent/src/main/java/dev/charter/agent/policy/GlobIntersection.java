package dev.charter.agent.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a resource that several {@link ResourceGlob}s all match, or proves there is none.
 *
 * <p>Each glob is a small automaton over its elements; the search walks their product breadth-first,
 * so the answer is exact and the example it gives is a shortest one. Characters that no glob names
 * literally all behave alike, so one of them stands for all (usually {@code x}), which keeps the
 * alphabet finite. A first search asks every star to match at least one character, for an example
 * that reads well ({@code sku/eu/x} rather than {@code sku/eu/}); only if that finds nothing does a
 * second search let stars match nothing.
 */
final class GlobIntersection {

    /** An element matching any one character but {@code /}: the first character of a non-empty {@code *}. */
    static final int ONE = -3;
    /** An element matching any one character: the first character of a non-empty {@code **}. */
    static final int ONE_ANY = -4;
    private static final String STAND_INS = "xyzabcdefghijklmnopqrstuvw0123456789";

    private GlobIntersection() {
    }

    /** A resource that every glob in {@code globs} matches, or {@code null} when there is none; none given matches everything. */
    static String example(List<ResourceGlob> globs) {
        List<int[]> automata = new ArrayList<>();
        for (ResourceGlob glob : globs) {
            if (!glob.matchesEverything()) {
                automata.add(glob.elements());
            }
        }
        if (automata.isEmpty()) {
            automata.add(new int[] {ResourceGlob.DOUBLE_STAR});
        }
        char[] alphabet = alphabet(automata);
        List<int[]> nonEmpty = new ArrayList<>(automata.size());
        for (int[] elements : automata) {
            nonEmpty.add(nonEmptyStars(elements));
        }
        String example = search(nonEmpty, alphabet);
        return example != null ? example : search(automata, alphabet);
    }

    /** The stand-in for every character no glob names, then the characters they name, {@code /} among them. */
    static char[] alphabet(List<int[]> automata) {
        BitSet named = new BitSet();
        named.set('/');
        for (int[] elements : automata) {
            for (int element : elements) {
                if (element >= 0) {
                    named.set(element);
                }
            }
        }
        char standIn = 0;
        for (int i = 0; i < STAND_INS.length() && standIn == 0; i++) {
            if (!named.get(STAND_INS.charAt(i))) {
                standIn = STAND_INS.charAt(i);
            }
        }
        if (standIn == 0) {
            standIn = (char) named.nextClearBit('!');
        }
        StringBuilder alphabet = new StringBuilder().append(standIn);
        for (int c = named.nextSetBit(0); c >= 0; c = named.nextSetBit(c + 1)) {
            alphabet.append((char) c);
        }
        return alphabet.toString().toCharArray();
    }

    /** The elements with every star made to match at least one character: {@code *} as {@link #ONE} then {@code *}. */
    static int[] nonEmptyStars(int[] elements) {
        int[] strict = new int[elements.length * 2];
        int count = 0;
        for (int element : elements) {
            if (element == ResourceGlob.STAR) {
                strict[count++] = ONE;
            } else if (element == ResourceGlob.DOUBLE_STAR) {
                strict[count++] = ONE_ANY;
            }
            strict[count++] = element;
        }
        return Arrays.copyOf(strict, count);
    }

    /**
     * A shortest string all {@code automata} accept, or {@code null}. A state is one position per
     * automaton; letting a star match nothing moves one position on for free, a character moves every
     * position at once (each element allows at most one move per character), so the walk is a 0-1
     * breadth-first search whose predecessors spell out the example.
     */
    private static String search(List<int[]> automata, char[] alphabet) {
        int n = automata.size();
        Map<State, Step> reached = new HashMap<>();
        Deque<State> queue = new ArrayDeque<>();
        State start = new State(new int[n]);
        reached.put(start, new Step(null, -1, 0));
        queue.add(start);
        while (!queue.isEmpty()) {
            State state = queue.pollFirst();
            int length = reached.get(state).length();
            if (state.acceptedBy(automata)) {
                return spell(state, reached);
            }
            for (int i = 0; i < n; i++) {
                int at = state.at[i];
                int[] elements = automata.get(i);
                if (at < elements.length && (elements[at] == ResourceGlob.STAR || elements[at] == ResourceGlob.DOUBLE_STAR)) {
                    State skipped = state.moved(i, at + 1);
                    Step known = reached.get(skipped);
                    if (known == null || known.length() > length) {
                        reached.put(skipped, new Step(state, -1, length));
                        queue.addFirst(skipped);
                    }
                }
            }
            for (char c : alphabet) {
                State next = state.after(c, automata);
                if (next != null && !reached.containsKey(next)) {
                    reached.put(next, new Step(state, c, length + 1));
                    queue.addLast(next);
                }
            }
        }
        return null;
    }

    private static String spell(State end, Map<State, Step> reached) {
        StringBuilder example = new StringBuilder();
        for (Step step = reached.get(end); step.previous() != null; step = reached.get(step.previous())) {
            if (step.character() >= 0) {
                example.append((char) step.character());
            }
        }
        return example.reverse().toString();
    }

    /** How a state was first reached: from {@code previous} by {@code character} ({@code -1} for a skipped star). */
    private record Step(State previous, int character, int length) {
    }

    /** One position in each automaton. */
    private static final class State {

        private final int[] at;

        State(int[] at) {
            this.at = at;
        }

        boolean acceptedBy(List<int[]> automata) {
            for (int i = 0; i < at.length; i++) {
                if (at[i] != automata.get(i).length) {
                    return false;
                }
            }
            return true;
        }

        State moved(int automaton, int to) {
            int[] moved = at.clone();
            moved[automaton] = to;
            return new State(moved);
        }

        /** The state after reading {@code c}, or {@code null} when some automaton cannot read it here. */
        State after(char c, List<int[]> automata) {
            int[] next = new int[at.length];
            for (int i = 0; i < at.length; i++) {
                int[] elements = automata.get(i);
                if (at[i] == elements.length) {
                    return null;
                }
                int element = elements[at[i]];
                if (element == ResourceGlob.DOUBLE_STAR || element == ResourceGlob.STAR && c != '/') {
                    next[i] = at[i];
                } else if (element == c || element == ONE_ANY || element == ONE && c != '/') {
                    next[i] = at[i] + 1;
                } else {
                    return null;
                }
            }
            return new State(next);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof State state && Arrays.equals(at, state.at);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(at);
        }
    }
}
