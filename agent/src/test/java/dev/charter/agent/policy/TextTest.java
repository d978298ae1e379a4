package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            plain text         | plain text         | 'plain text'
            line break         | a\\nb              | 'a\\nb'
            carriage return    | a\\r\\nb           | 'a\\r\\nb'
            tab                | a\\tb              | 'a\\tb'
            bell               | a\\u0007           | 'a\\u0007'
            no-break space     | a\\u00a0b          | 'a\\u00a0b'
            line separator     | a\\u2028b          | 'a\\u2028b'
            non-ASCII letters  | zürich/東京        | 'zürich/東京'
            """)
    void quote_escapesWhatWouldBreakTheLine(String name, String text, String expected) {
        assertEquals(expected, Text.quote(unescape(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            already one line  | found ':' here              | found ':' here
            line breaks       | while parsing\\n  a block   | while parsing a block
            edges             | \\n\\t x \\u2028            | x
            """)
    void oneLine_joinsRunsOfSpaceAndControl(String name, String text, String expected) {
        assertEquals(expected, Text.oneLine(unescape(text)));
    }

    /** Reads the tables' backslash escapes (n, r, t and u followed by four hex digits); CsvSource takes cells literally. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char kind = text.charAt(++i);
            switch (kind) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                default -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
            }
        }
        return out.toString();
    }
}
