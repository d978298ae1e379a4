package dev.charter.agent.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void read_everyKindOfValue() {
        Object value = Json.read(" {\"a\" : [1, -2, 0, 1.5, -3e2, true, false, null, \"x\"], \"b\": {}, \"c\": [] }\n");
        assertEquals(Map.of("a", Arrays.asList(1L, -2L, 0L, new BigDecimal("1.5"), new BigDecimal("-3e2"), true, false, null, "x"),
                "b", Map.of(), "c", List.of()), value);
    }

    @Test
    void read_escapes_andSurrogatePairs() {
        assertEquals("q\" \\ / \b\f\n\r\t é \uD83D\uDE00 😀",
                Json.read("\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 😀\""));
    }

    @Test
    void read_wholeNumbersBeyondALong_stayExact() {
        assertEquals(new BigDecimal("123456789012345678901234567890"), Json.read("123456789012345678901234567890"));
        assertEquals(999_999_999_999_999_999L, Json.read("999999999999999999"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1,\"a\":2}|duplicate key at offset 12",
        "{\"a\":1,}|a key must be a string at offset 7",
        "[1,]|unexpected character at offset 3",
        "[1] x|text after the value at offset 4",
        "01|text after the value at offset 1",
        "-|a number needs digits at offset 1",
        "1.|a fraction needs digits at offset 2",
        "1e|an exponent needs digits at offset 2",
        "'a'|unexpected character at offset 0",
        "\"a|a string is not closed at offset 2",
        "\"\\x\"|an unknown escape at offset 2",
        "\"\\u12\"|a \\u escape is cut short at offset 2",
        "\"\\u12zz\"|a \\u escape needs four hex digits at offset 2",
        "\"\\ud800\"|a string has a lone surrogate at offset 8",
        "\"\\udc00x\"|a string has a lone surrogate at offset 9",
        "tru|unexpected character at offset 0",
        "NaN|unexpected character at offset 0",
        "''|a value is missing at offset 0",
    })
    void read_notStrictJson_isRefusedWithWhereAndWhy(String text, String error) {
        assertEquals(error, assertThrows(IllegalArgumentException.class, () -> Json.read(text)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\nb\"", "\"a\u0000b\"", "\"a\tx\""})
    void read_rawControlCharacterInAString_isRefused(String text) {
        assertEquals("a control character in a string at offset 2",
                assertThrows(IllegalArgumentException.class, () -> Json.read(text)).getMessage());
    }

    @Test
    void read_nestingBeyondTheLimit_isRefused_withoutOverflowingTheStack() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertEquals(List.of(), unwrap(Json.read("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)), Json.MAX_DEPTH - 1));
        assertEquals("nested deeper than 40 at offset 40", assertThrows(IllegalArgumentException.class, () -> Json.read(deep)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.read("[".repeat(100_000)));
    }

    private static Object unwrap(Object value, int levels) {
        for (int i = 0; i < levels; i++) {
            value = ((List<?>) value).get(0);
        }
        return value;
    }
}
