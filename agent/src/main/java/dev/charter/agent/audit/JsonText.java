package dev.charter.agent.audit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON, written as UTF-8 bytes into a buffer that can be cleared and reused: {@code null}, a
 * {@link String}, a {@link Boolean}, a {@link Number}, a {@link List} of values or a {@link Map} of
 * string keys to values, in its order. Audit records are written with it straight into the bytes the
 * audit file writes, without going through characters; the command line's reports take it as text.
 * Written here so the agent jar carries no JSON library for a few lines.
 */
public final class JsonText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;
    /** By slot: the name and value last written through {@link #field}, and their JSON. */
    private final String[] rememberedName = new String[8];
    private final String[] rememberedValue = new String[8];
    private final byte[][] rememberedJson = new byte[8][];

    JsonText(int capacity) {
        bytes = new byte[capacity];
    }

    /** The value as one line of JSON. */
    public static String of(Object value) {
        JsonText json = new JsonText(64);
        json.value(value);
        return json.toString();
    }

    /** The JSON written, as text. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** The buffer: its first {@link #length()} bytes are the JSON written. */
    byte[] bytes() {
        return bytes;
    }

    int capacity() {
        return bytes.length;
    }

    /** Makes room for {@code more} bytes after those written. */
    private void ensure(int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }

    /** Appends one ASCII character as it is. */
    void put(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
    }

    /** Appends ASCII text as it is: field names, literals, numbers. */
    void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length + i] = (byte) text.charAt(i);
        }
        length += n;
    }

    /** Appends {@code value} as JSON. */
    void value(Object value) {
        if (value == null) {
            ascii("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Boolean bool) {
            ascii(bool ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer) {
            number(((Number) value).longValue());
        } else if (value instanceof Number number) {
            ascii(number(number));
        } else if (value instanceof List<?> list) {
            put('[');
            for (int i = 0; i < list.size(); i++) { // no iterator: a record's chain allocates nothing
                if (i > 0) {
                    put(',');
                }
                value(list.get(i));
            }
            put(']');
        } else if (value instanceof Map<?, ?> map) {
            put('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    put(',');
                }
                first = false;
                string((String) entry.getKey());
                put(':');
                value(entry.getValue());
            }
            put('}');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    /** Appends a whole number in decimal, without making a string of it. */
    void number(long value) {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte digit = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = digit;
        }
    }

    /** A number as JSON writes it: exact decimals in full, and no NaN or infinity (they become null). */
    private static String number(Number number) {
        if (number instanceof BigDecimal exact) {
            return exact.toPlainString();
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            return Double.isFinite(value) ? BigDecimal.valueOf(value).toPlainString() : "null";
        }
        return number.toString();
    }

    /**
     * Appends {@code name} (ASCII, as it is) and then {@code value} as a JSON string; when both are
     * the very strings last written in {@code slot}, copies the bytes written for them then. An audit
     * record repeats most of its fields from one refusal to the next: identity, scope, reason, rule,
     * method, thread.
     */
    void field(String name, String value, int slot) {
        if (value != null && value == rememberedValue[slot] && name == rememberedName[slot]) { // strings do not change
            byte[] json = rememberedJson[slot];
            ensure(json.length);
            System.arraycopy(json, 0, bytes, length, json.length);
            length += json.length;
            return;
        }
        int start = length;
        ascii(name);
        string(value);
        if (value != null && length - start <= 512) {
            rememberedName[slot] = name;
            rememberedValue[slot] = value;
            rememberedJson[slot] = Arrays.copyOfRange(bytes, start, length);
        }
    }

    /**
     * Appends a JSON string: quotes, backslashes, control characters (C0 and C1), line separators and
     * unpaired surrogates escaped; everything else as UTF-8.
     */
    void string(String text) {
        if (text == null) {
            ascii("null");
            return;
        }
        int n = text.length();
        ensure(n + 2); // one byte a character: enough for printable ASCII, which needs nothing more
        byte[] out = bytes;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out[at++] = (byte) c;
            } else {
                length = at;
                ensure(8 + n - i); // this character's longest form, a byte for each one after it, the quote
                i = special(text, i);
                out = bytes;
                at = length;
            }
        }
        out[at++] = '"';
        length = at;
    }

    /** Appends the character at {@code i}, which is not printable ASCII; returns the index of the last character used. */
    private int special(String text, int i) {
        char c = text.charAt(i);
        switch (c) {
            case '"' -> escaped('"');
            case '\\' -> escaped('\\');
            case '\n' -> escaped('n');
            case '\r' -> escaped('r');
            case '\t' -> escaped('t');
            default -> {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int code = Character.toCodePoint(c, text.charAt(i + 1));
                    bytes[length++] = (byte) (0xf0 | code >> 18);
                    bytes[length++] = (byte) (0x80 | code >> 12 & 0x3f);
                    bytes[length++] = (byte) (0x80 | code >> 6 & 0x3f);
                    bytes[length++] = (byte) (0x80 | code & 0x3f);
                    return i + 1;
                }
                if (c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
                    escaped('u');
                    for (int shift = 12; shift >= 0; shift -= 4) {
                        bytes[length++] = HEX[c >> shift & 0xf];
                    }
                } else if (c < 0x800) {
                    bytes[length++] = (byte) (0xc0 | c >> 6);
                    bytes[length++] = (byte) (0x80 | c & 0x3f);
                } else {
                    bytes[length++] = (byte) (0xe0 | c >> 12);
                    bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
                    bytes[length++] = (byte) (0x80 | c & 0x3f);
                }
            }
        }
        return i;
    }

    private void escaped(char c) {
        bytes[length++] = '\\';
        bytes[length++] = (byte) c;
    }
}
