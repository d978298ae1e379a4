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
    void of_somethingElse_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.of(Arrays.asList(new Object())));
    }
}
