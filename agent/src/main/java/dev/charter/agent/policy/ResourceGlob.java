package dev.charter.agent.policy;

import java.util.Arrays;

/**
 * A compiled resource glob, matched against the {@code @ActsOn} value: {@code *} matches any run of
 * characters within one {@code /}-separated segment, {@code **} any run of characters including
 * {@code /}; everything else is literal.
 *
 * <p>Matching simulates the glob as a small automaton, so it takes time proportional to the
 * glob's length times the resource's, whatever the stars: a resource string cannot make it backtrack.
 */
final class ResourceGlob {

    /** The element {@code *}: any run of characters but {@code /}. */
    static final int STAR = -1;
    /** The element {@code **}: any run of characters. */
    static final int DOUBLE_STAR = -2;

    /** The glob itself when it has no star, matched by equality; {@code null} otherwise. */
    private final String literal;
    /** The glob as elements: a character, {@link #STAR} or {@link #DOUBLE_STAR}. */
    private final int[] elements;

    private ResourceGlob(String literal, int[] elements) {
        this.literal = literal;
        this.elements = elements;
    }

    /** Returns why {@code glob} is not a valid resource glob, or {@code null} if it is. */
    static String problemWith(String glob) {
        if (glob.isEmpty()) {
            return "resource glob is empty";
        }
        if (glob.contains("***")) {
            return "resource glob " + Text.quote(glob) + " contains '***' (use '*' within a segment, '**' across segments)";
        }
        return null;
    }

    /** Compiles a glob for which {@link #problemWith} found nothing wrong. */
    static ResourceGlob compile(String glob) {
        int[] elements = new int[glob.length()];
        int count = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*') {
                elements[count++] = c;
            } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                elements[count++] = DOUBLE_STAR;
                i++;
            } else {
                elements[count++] = STAR;
            }
        }
        return new ResourceGlob(glob.indexOf('*') < 0 ? glob : null, Arrays.copyOf(elements, count));
    }

    /** The glob as elements: a character, {@link #STAR} or {@link #DOUBLE_STAR}; not to be modified. */
    int[] elements() {
        return elements;
    }

    /** The glob as it is written. */
    @Override
    public String toString() {
        StringBuilder glob = new StringBuilder();
        for (int element : elements) {
            glob.append(element == STAR ? "*" : element == DOUBLE_STAR ? "**" : String.valueOf((char) element));
        }
        return glob.toString();
    }

    /** Whether this glob is {@code **}, matching every resource. */
    boolean matchesEverything() {
        return elements.length == 1 && elements[0] == DOUBLE_STAR;
    }

    /** Whether this glob matches the whole of {@code resource}. */
    boolean matches(String resource) {
        if (literal != null) {
            return literal.equals(resource);
        }
        boolean[] current = new boolean[elements.length + 1];
        boolean[] next = new boolean[elements.length + 1];
        current[0] = true;
        skipStars(current);
        for (int i = 0; i < resource.length(); i++) {
            char c = resource.charAt(i);
            boolean alive = false;
            Arrays.fill(next, false);
            for (int at = 0; at < elements.length; at++) {
                if (!current[at]) {
                    continue;
                }
                int element = elements[at];
                if (element == DOUBLE_STAR || element == STAR && c != '/') {
                    next[at] = true;
                    alive = true;
                } else if (element == c) {
                    next[at + 1] = true;
                    alive = true;
                }
            }
            if (!alive) {
                return false;
            }
            skipStars(next);
            boolean[] swap = current;
            current = next;
            next = swap;
        }
        return current[elements.length];
    }

    /** Lets every reached star match nothing: whatever follows it is reached too. */
    private void skipStars(boolean[] reached) {
        for (int at = 0; at < elements.length; at++) {
            if (reached[at] && elements[at] < 0) {
                reached[at + 1] = true;
            }
        }
    }
}
