package dev.charter.agent.audit;

/** Just enough JSON writing for flat audit records: names, strings (escaped) and nulls. */
final class Json {

    private Json() {
    }

    static StringBuilder name(StringBuilder json, String name) {
        return string(json, name).append(':');
    }

    static StringBuilder field(StringBuilder json, String name, String value) {
        return string(name(json, name), value);
    }

    static StringBuilder string(StringBuilder json, String value) {
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
