package dev.charter.agent.policy;

/**
 * A compiled scope pattern with Apache Shiro wildcard semantics, case-sensitive: {@code :}-separated
 * segments, each {@code *} or a {@code ,}-separated list of alternatives.
 *
 * <p>A pattern implies an action scope when, segment by segment, its segment is {@code *} or lists
 * the action's segment. A shorter pattern implies everything below it; a longer one implies a
 * shorter action scope only if all its extra segments are {@code *}.
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
