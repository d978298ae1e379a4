package dev.charter.agent.audit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes a value as compact JSON: {@code null}, a {@link String}, a {@link Boolean}, a {@link Number},
 * a {@link List} of values or a {@link Map} of string keys to values, in its order: audit records and
 * the command line's reports. Written here so the agent jar carries no JSON library for a few lines.
 */
public final class JsonText {

    private JsonText() {
    }

    /** The value as one line of JSON. */
    public static String of(Object value) {
        StringBuilder json = new StringBuilder();
        write(value, json);
        return json.toString();
    }

    /** Appends {@code value} as JSON to {@code json}. */
    static void write(Object value, StringBuilder json) {
        if (value == null || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof Long || value instanceof Integer) {
            json.append(((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.append(number(number));
        } else if (value instanceof String text) {
            string(text, json);
        } else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ",");
                write(list.get(i), json);
            }
            json.append(']');
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(first ? "" : ",");
                first = false;
                string((String) entry.getKey(), json);
                json.append(':');
                write(entry.getValue(), json);
            }
            json.append('}');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
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

    /** A JSON string: quotes, backslashes, control characters (C0 and C1), line separators and unpaired surrogates escaped. */
    private static void string(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
                    if (paired) {
                        json.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
