package dev.charter.agent.passport;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text (RFC 8259) strictly: objects become {@link Map}s, arrays {@link List}s, whole
 * numbers {@link Long}s, other numbers {@link BigDecimal}s. Duplicate keys, trailing text, lone
 * surrogates, raw control characters and nesting deeper than {@link #MAX_DEPTH} are refused, so that a
 * passport has one meaning. A passport's header and claims are a few hundred bytes: a general parser
 * would cost more than the signature check it precedes.
 */
final class Json {

    static final int MAX_DEPTH = 40;

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /**
     * The value {@code text} holds.
     *
     * @throws IllegalArgumentException naming the offset of the first thing that is not JSON
     */
    static Object read(String text) {
        Json json = new Json(text);
        Object value = json.value(0);
        json.space();
        if (json.at != text.length()) {
            throw json.error("text after the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth >= MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        space();
        if (at >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new HashMap<>();
        at++;
        space();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("a key must be a string");
            }
            String key = string();
            space();
            expect(':');
            Object value = value(depth + 1);
            if (object.containsKey(key)) {
                throw error("duplicate key");
            }
            object.put(key, value);
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> array = new ArrayList<>();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            array.add(value(depth + 1));
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return array;
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = null;
        int start = at;
        while (true) {
            if (at >= text.length()) {
                throw error("a string is not closed");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String tail = text.substring(start, at++);
                return out == null ? checked(tail) : checked(out.append(tail).toString());
            }
            if (c < 0x20) {
                throw error("a control character in a string");
            }
            if (c != '\\') {
                at++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, start, at);
            at++;
            char escape = at < text.length() ? text.charAt(at) : 0;
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 >= text.length()) {
                        throw error("a \\u escape is cut short");
                    }
                    int code = 0;
                    for (int i = 1; i <= 4; i++) {
                        int digit = Character.digit(text.charAt(at + i), 16);
                        if (digit < 0) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    at += 4;
                }
                default -> throw error("an unknown escape");
            }
            at++;
            start = at;
        }
    }

    /** A string whose surrogates all pair up: one with a lone half has no UTF-8 form, and two readings. */
    private String checked(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("a string has a lone surrogate");
            }
        }
        return value;
    }

    private Object number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw error("a number needs digits");
        }
        boolean whole = true;
        if (peek() == '.') {
            at++;
            whole = false;
            if (!digits()) {
                throw error("a fraction needs digits");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            whole = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digits()) {
                throw error("an exponent needs digits");
            }
        }
        String number = text.substring(start, at);
        if (whole && number.length() <= 18) {
            return Long.parseLong(number);
        }
        return new BigDecimal(number);
    }

    private boolean digits() {
        int start = at;
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
        return at > start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("unexpected character");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + at);
    }
}
