package dev.charter.agent.policy;

/** Character checks on names and scopes, and quoting of policy text into one-line messages. */
final class Text {

    private Text() {
    }

    /** Whether {@code text} contains a character for which {@link #isSpaceOrControl} holds. */
    static boolean containsSpaceOrControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isSpaceOrControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} is whitespace of any kind, including non-breaking spaces, or a control character. */
    static boolean isSpaceOrControl(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    /** {@code text} in single quotes, with every space or control character but the plain space escaped, so it stays on one line. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case ' ' -> quoted.append(c);
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (isSpaceOrControl(c)) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('\'').toString();
    }

    /** {@code text} with every run of spaces and control characters made one space. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isSpaceOrControl(c)) {
                line.append(c);
            } else if (line.length() > 0 && line.charAt(line.length() - 1) != ' ') {
                line.append(' ');
            }
        }
        return line.toString().strip();
    }
}
