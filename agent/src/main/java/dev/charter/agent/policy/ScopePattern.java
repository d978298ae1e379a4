package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled scope pattern with Apache Shiro wildcard semantics, case-sensitive: {@code :}-separated
 * segments, each {@code *} or a {@code ,}-separated list of alternatives.
 *
 * <p>A pattern implies an action scope when, segment by segment, its segment is {@code *} or lists
 * the action's segment. A shorter pattern implies everything below it; a longer one implies a
 * shorter action scope only if all its extra segments are {@code *}.
 *
 * <p>The action scopes two patterns both imply are again those of one pattern ({@link #intersect}),
 * which is how the overlap check intersects authority along a chain of delegation.
 */
final class ScopePattern {

    /** Per segment, its alternatives; {@code null} for {@code *}. */
    private final String[][] segments;

    private ScopePattern(String[][] segments) {
        this.segments = segments;
    }

    /** Compiles a pattern for which {@link #problemWith} found nothing wrong. */
    static ScopePattern compile(String pattern) {
        String[] parts = pattern.split(":", -1);
        String[][] segments = new String[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            segments[i] = parts[i].equals("*") ? null : parts[i].split(",", -1);
        }
        return new ScopePattern(segments);
    }

    /** Returns why {@code pattern} is not a valid scope pattern, or {@code null} if it is. */
    static String problemWith(String pattern) {
        if (pattern.isEmpty()) {
            return "scope pattern is empty";
        }
        if (Text.containsSpaceOrControl(pattern)) {
            return "scope pattern " + Text.quote(pattern) + " contains whitespace or a control character";
        }
        for (String segment : pattern.split(":", -1)) {
            if (segment.isEmpty()) {
                return "scope pattern " + Text.quote(pattern) + " has an empty segment";
            }
            if (segment.equals("*")) {
                continue;
            }
            for (String alternative : segment.split(",", -1)) {
                if (alternative.isEmpty()) {
                    return "scope pattern " + Text.quote(pattern) + " has an empty alternative in segment "
                            + Text.quote(segment);
                }
                if (alternative.indexOf('*') >= 0) {
                    return "scope pattern " + Text.quote(pattern) + " mixes '*' with other characters in segment "
                            + Text.quote(segment) + " ('*' must stand alone for a whole segment)";
                }
            }
        }
        return null;
    }

    /** Returns why {@code scope} is not a concrete action scope, or {@code null} if it is; allocates nothing when it is. */
    static String problemWithActionScope(String scope) {
        if (scope == null) {
            return "no scope given";
        }
        if (scope.isEmpty()) {
            return "scope is empty";
        }
        boolean segmentEmpty = true;
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c == ':') {
                if (segmentEmpty) {
                    return "scope " + Text.quote(scope) + " has an empty segment";
                }
                segmentEmpty = true;
                continue;
            }
            if (c == '*' || c == ',') {
                return "scope " + Text.quote(scope) + " contains '" + c + "': an action names one concrete scope, not a pattern";
            }
            if (Text.isSpaceOrControl(c)) {
                return "scope " + Text.quote(scope) + " contains whitespace or a control character";
            }
            segmentEmpty = false;
        }
        return segmentEmpty ? "scope " + Text.quote(scope) + " has an empty segment" : null;
    }

    /** The number of segments. */
    int size() {
        return segments.length;
    }

    /** The alternatives segment {@code index} lists, or {@code null} when it is {@code *}. */
    List<String> alternatives(int index) {
        return segments[index] == null ? null : List.of(segments[index]);
    }

    /** Whether every segment from {@code index} on is {@code *}: then an action scope may end before it. */
    boolean starsFrom(int index) {
        for (int i = index; i < segments.length; i++) {
            if (segments[i] != null) {
                return false;
            }
        }
        return true;
    }

    /** Whether this pattern implies {@code scope}, a valid concrete action scope; allocates nothing. */
    boolean implies(String scope) {
        int start = 0;
        int segment = 0;
        while (true) {
            if (segment == segments.length) {
                return true;
            }
            int end = scope.indexOf(':', start);
            if (end < 0) {
                end = scope.length();
            }
            String[] alternatives = segments[segment++];
            if (alternatives != null && !lists(alternatives, scope, start, end)) {
                return false;
            }
            if (end == scope.length()) {
                break;
            }
            start = end + 1;
        }
        for (; segment < segments.length; segment++) {
            if (segments[segment] != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pattern implying exactly the action scopes both this pattern and {@code other} imply, or
     * {@code null} when there are none.
     *
     * <p>It is as long as the longer of the two. Where both have a segment, it lists the alternatives
     * both allow ({@code *} where both are {@code *}); beyond the shorter one's last segment, it has
     * the longer one's segments, since the shorter one implies everything below it.
     */
    ScopePattern intersect(ScopePattern other) {
        String[][] longer = segments.length >= other.segments.length ? segments : other.segments;
        String[][] shorter = longer == segments ? other.segments : segments;
        String[][] both = longer.clone();
        for (int i = 0; i < shorter.length; i++) {
            // keep this pattern's order of alternatives, so that examples follow the first pattern given
            String[] mine = segments[i];
            String[] theirs = other.segments[i];
            if (mine == null) {
                both[i] = theirs;
            } else if (theirs != null) {
                both[i] = common(mine, theirs);
                if (both[i].length == 0) {
                    return null;
                }
            } else {
                both[i] = mine;
            }
        }
        return new ScopePattern(both);
    }

    /**
     * One action scope this pattern implies: every segment at full length, its first alternative or,
     * for {@code *}, {@code x}.
     */
    String example() {
        StringBuilder scope = new StringBuilder();
        for (String[] alternatives : segments) {
            if (scope.length() > 0) {
                scope.append(':');
            }
            scope.append(alternatives == null ? "x" : alternatives[0]);
        }
        return scope.toString();
    }

    /**
     * Up to {@code limit} action scopes this pattern implies, at full length: every combination of
     * its segments' alternatives ({@code x} for {@code *}), the first alternatives first.
     */
    List<String> examples(int limit) {
        List<String> examples = new ArrayList<>(List.of(""));
        for (String[] alternatives : segments) {
            List<String> longer = new ArrayList<>();
            for (String prefix : examples) {
                for (String alternative : alternatives == null ? new String[] {"x"} : alternatives) {
                    if (longer.size() < limit) {
                        longer.add(prefix.isEmpty() ? alternative : prefix + ":" + alternative);
                    }
                }
            }
            examples = longer;
        }
        return examples;
    }

    /** The pattern as it would be written. */
    @Override
    public String toString() {
        StringBuilder pattern = new StringBuilder();
        for (String[] alternatives : segments) {
            if (pattern.length() > 0) {
                pattern.append(':');
            }
            pattern.append(alternatives == null ? "*" : String.join(",", alternatives));
        }
        return pattern.toString();
    }

    private static String[] common(String[] mine, String[] theirs) {
        List<String> both = new ArrayList<>();
        List<String> other = Arrays.asList(theirs);
        for (String alternative : mine) {
            if (other.contains(alternative)) {
                both.add(alternative);
            }
        }
        return both.toArray(new String[0]);
    }

    private static boolean lists(String[] alternatives, String scope, int start, int end) {
        int length = end - start;
        for (String alternative : alternatives) {
            if (alternative.length() == length && scope.startsWith(alternative, start)) {
                return true;
            }
        }
        return false;
    }
}
