package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Globs and strings to try glob algorithms on, for the tests that check them exhaustively. */
final class GlobSamples {

    private GlobSamples() {
    }

    /** A glob of one to three elements: a, b, /, * or **. */
    static String randomGlob(Random random) {
        String[] elements = {"a", "b", "/", "*", "**"};
        StringBuilder glob = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            String element = elements[random.nextInt(elements.length)];
            if (element.startsWith("*") && glob.length() > 0 && glob.charAt(glob.length() - 1) == '*') {
                element = "/";
            }
            glob.append(element);
        }
        return glob.toString();
    }

    /** Every string over {@code alphabet} up to {@code maxLength}, shortest first. */
    static List<String> strings(String alphabet, int maxLength) {
        List<String> all = new ArrayList<>(List.of(""));
        int from = 0;
        for (int length = 1; length <= maxLength; length++) {
            int to = all.size();
            for (int i = from; i < to; i++) {
                for (char c : alphabet.toCharArray()) {
                    all.add(all.get(i) + c);
                }
            }
            from = to;
        }
        return all;
    }
}
