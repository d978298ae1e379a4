package dev.charter;

/**
 * Thrown when the identity bound to the thread may not perform a {@link ScopedAction}.
 *
 * <p>The message is one plain line, fit to be shown to a person or handed to a model as a tool's
 * result: it names the identity, the scope, the resource, the reason and the policy rule that
 * decided and, when the policy allows something close, what would be allowed, for example
 * {@code agent:refund-bot may not payments:refund on "order/US-9": resource not granted (charter.yaml:14); allowed: order/EU-*}.
 *
 * <p>Values that come from callers are shown quoted and escaped: the resource always, an identity
 * when it holds anything but printable characters without spaces or quotes. Long ones are shortened
 * (their length is given), and every line break, control or format character anywhere in the
 * message is escaped ({@code \n}, {@code \u2028}), so the message is always exactly one line
 * whatever the values hold. The getters return the values as they were, unescaped.
 */
public class ScopeViolation extends SecurityException {

    private static final long serialVersionUID = 2L;
    /** The most characters of one caller value a message shows. */
    static final int SHOWN = 200;

    private final String identity;
    private final String scope;
    private final String resource;
    private final String reason;
    private final String rule;
    private final String allowed;
    /** Built when first asked for: most refusals are caught and recorded, not read as text. */
    private transient String message;

    /**
     * Creates a refusal that says nothing of what would be allowed.
     *
     * @param identity the identity refused, or {@code null} when none was bound
     * @param scope the scope asked for
     * @param resource the resource acted on, or {@code null} when the action names none
     * @param reason why it was refused
     * @param rule the policy rule that decided ({@code file:line}), or {@code null} when no rule did
     */
    public ScopeViolation(String identity, String scope, String resource, String reason, String rule) {
        this(identity, scope, resource, reason, rule, "");
    }

    /**
     * Creates a refusal.
     *
     * @param identity the identity refused, or {@code null} when none was bound
     * @param scope the scope asked for
     * @param resource the resource acted on, or {@code null} when the action names none
     * @param reason why it was refused
     * @param rule the policy rule that decided ({@code file:line}), or {@code null} when no rule did
     * @param allowed what the caller's grants would allow instead, or empty (or {@code null}) when nothing close
     */
    public ScopeViolation(String identity, String scope, String resource, String reason, String rule, String allowed) {
        this(identity, scope, resource, reason, rule, allowed, null);
    }

    /**
     * Creates a refusal whose stack trace is {@code where} instead of the stack of the thread that
     * makes it. The agent gives a refusal the policy decided the refused method as its one frame:
     * the message, the rule and the audit record say why and where, and walking a deep stack would
     * cost more than the rest of the refusal.
     *
     * @param where the stack trace, or {@code null} to take the current thread's, as any exception does
     */
    public ScopeViolation(String identity, String scope, String resource, String reason, String rule, String allowed,
            StackTraceElement[] where) {
        super((String) null);
        this.identity = identity;
        this.scope = scope;
        this.resource = resource;
        this.reason = reason;
        this.rule = rule;
        this.allowed = allowed == null ? "" : allowed;
        if (where == null) {
            super.fillInStackTrace();
        } else {
            setStackTrace(where);
        }
    }

    /**
     * Does nothing: a refusal's stack trace is taken once, when it is made (the constructors take it
     * after the fields are set, so that it can be skipped where it is not needed).
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The refusal as one line; see the class description. */
    @Override
    public String getMessage() {
        String line = message;
        if (line == null) {
            line = message();
            message = line;
        }
        return line;
    }

    private String message() {
        StringBuilder line = new StringBuilder(128);
        if (identity == null) {
            line.append("unbound thread");
        } else if (plain(identity)) {
            line.append(identity);
        } else {
            quote(identity, line);
        }
        line.append(" may not ");
        escape(String.valueOf(scope), line);
        if (resource != null) {
            line.append(" on ");
            quote(resource, line);
        }
        line.append(": ");
        escape(String.valueOf(reason), line);
        if (rule != null) {
            line.append(" (");
            escape(rule, line);
            line.append(')');
        }
        if (!allowed.isEmpty()) {
            line.append("; allowed: ");
            escape(allowed, line);
        }
        return line.toString();
    }

    /** Whether {@code value} reads unambiguously unquoted: short, printable, no space, quote or backslash. */
    private static boolean plain(String value) {
        if (value.isEmpty() || value.length() > SHOWN) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '\\' || c == ';' || unsafe(c)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code value} in double quotes, escaped, at most {@link #SHOWN} characters of it. */
    private static void quote(String value, StringBuilder line) {
        int shown = value.length() <= SHOWN ? value.length()
                : Character.isHighSurrogate(value.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        line.append('"');
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else {
                escapeChar(value, i, line);
            }
        }
        line.append('"');
        if (shown < value.length()) {
            line.append("… (").append(value.length()).append(" chars)");
        }
    }

    /** Appends {@code text} with every character that could break or disguise a line escaped. */
    private static void escape(String text, StringBuilder line) {
        for (int i = 0; i < text.length(); i++) {
            escapeChar(text, i, line);
        }
    }

    private static void escapeChar(String text, int i, StringBuilder line) {
        char c = text.charAt(i);
        if (!unsafe(c) || Character.isSurrogate(c) && paired(text, i)) {
            line.append(c);
        } else if (c == '\n') {
            line.append("\\n");
        } else if (c == '\r') {
            line.append("\\r");
        } else if (c == '\t') {
            line.append("\\t");
        } else {
            line.append("\\u").append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 15]).append(HEX[(c >>> 4) & 15])
                    .append(HEX[c & 15]);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Control characters (C0, DEL, C1 such as U+0085), the line and paragraph separators, format
     * characters (bidirectional overrides, zero-width marks) and surrogates, which are escaped unless
     * they pair.
     */
    private static boolean unsafe(char c) {
        if (c >= ' ' && c < 0x7f) {
            return false;
        }
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    private static boolean paired(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /** The identity that was refused, or {@code null} when no identity was bound to the thread. */
    public String getIdentity() {
        return identity;
    }

    /** The scope the action needs. */
    public String getScope() {
        return scope;
    }

    /** The resource the action touches, or {@code null} when it names none. */
    public String getResource() {
        return resource;
    }

    /** Why the action was refused. */
    public String getReason() {
        return reason;
    }

    /** The policy rule that decided, as {@code file:line}, or {@code null} when no rule grants the action. */
    public String getRule() {
        return rule;
    }

    /**
     * What the caller's own grants would allow instead, so that a person or a model can correct the
     * call rather than retry it: the granted resource patterns ({@code order/EU-*}), the per-call
     * limit ({@code at most 500 per call}), what is left of a budget and when it renews
     * ({@code 1300 of 2000 left until 2026-12-02T00:00:00Z}), when a rate window or a lease frees up,
     * when the next active window opens. Empty when nothing close is allowed; never {@code null}.
     */
    public String getAllowed() {
        return allowed;
    }
}
