package dev.charter.agent.cli;

import dev.charter.agent.audit.JsonText;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of the command line: exact text, and strings that read back unchanged. */
class JsonTextTest {

    @Test
    void of_nestedValues_isCompactAndInOrder() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("b", List.of(1, true, "x"));
        object.put("a", null);
        object.put("c", Map.of());
        assertEquals("{\"b\":[1,true,\"x\"],\"a\":null,\"c\":{}}", JsonText.of(object));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u0000\u0001\u001f\u007f",
            "bell \u0007", "é ü 日本", "emoji \ud83d\ude00", "separators \u2028 \u2029", "</script>"})
    void of_string_readsBackUnchanged(String text) {
        String json = JsonText.of(text);
        assertEquals(text, MiniJson.parse(json));
        assertEquals(-1, json.chars().filter(c -> c < 0x20).findAny().orElse(-1), json);
    }

    @Test
    void of_unpairedSurrogates_areEscaped() {
        String text = "high \ud83d alone, low \ude00 alone";
        String json = JsonText.of(text);
        assertEquals("\"high \\ud83d alone, low \\ude00 alone\"", json);
        assertEquals(text, MiniJson.parse(json));
    }

    @Test
    void of_randomStringsOfEveryKindOfCharacter_readBackUnchanged_andStayOneLineOfPrintableText() {
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u0080',
            '\u0085', '\u009f', '\u00a0', '\u00e9', '\u07ff', '\u0800', '\u2028', '\u2029', '\u65e5', '\ufeff', '\uffff',
            '\ud83d', '\ude00', '\udbff', '\udfff'};
        java.util.Random random = new java.util.Random(13);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String json = JsonText.of(text.toString());
            assertEquals(text.toString(), MiniJson.parse(json), json);
            // code points: a pair reads as one, a lone surrogate as itself
            assertEquals(-1, json.codePoints().filter(c -> c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
                    || c >= 0xd800 && c <= 0xdfff).findAny().orElse(-1), json);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "\u00e9", "\u65e5", "\ud83d\ude00", "\u0001"})
    void of_aMegabyteOfOneCharacter_growsTheBufferAsItGoes(String one) {
        String text = one.repeat((1 << 20) / one.length());
        assertEquals(text, MiniJson.parse(JsonText.of(text)));
    }

    @Test
    void of_wholeNumbers_areWrittenInFull() {
        for (long n : new long[] {0, 7, -7, 10, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE}) {
            assertEquals(Long.toString(n), JsonText.of(n));
        }
        assertEquals("-2147483648", JsonText.of(Integer.MIN_VALUE));
    }

    @Test
    void of_somethingElse_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.of(Arrays.asList(new Object())));
    }
}
