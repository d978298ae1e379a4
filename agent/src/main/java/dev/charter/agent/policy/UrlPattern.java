package dev.charter.agent.policy;

import java.util.Locale;

/**
 * A {@code propagate} entry's {@code to}: {@code scheme://host[:port][/path]}, the host matched as
 * text (no name resolution). {@code *} matches within one part — the host, the port, one path
 * segment — and {@code **} one or more whole path segments. Without a port, the scheme's default
 * port is meant; without a path, every path. The query and fragment of a URL are not matched.
 */
public final class UrlPattern {

    private final String pattern;
    private final String scheme;
    private final ResourceGlob host;
    private final ResourceGlob port;
    /** The path without its leading {@code /}, or {@code null} for any path. */
    private final ResourceGlob path;

    private UrlPattern(String pattern, String scheme, ResourceGlob host, ResourceGlob port, ResourceGlob path) {
        this.pattern = pattern;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException if it is not a usable URL pattern; the message says why
     */
    public static UrlPattern compile(String pattern) {
        int colon = pattern.indexOf("://");
        String scheme = colon < 0 ? "" : pattern.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'to' must be an http:// or https:// URL pattern, found "
                    + Text.quote(pattern));
        }
        String rest = pattern.substring(colon + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash + 1);
        if (authority.contains("@") || pattern.contains("?") || pattern.contains("#")) {
            throw new IllegalArgumentException("'to' " + Text.quote(pattern)
                    + " must be scheme://host[:port][/path], without user, query or fragment");
        }
        int portAt = authority.lastIndexOf(':');
        String host = portAt < 0 || authority.endsWith("]") ? authority : authority.substring(0, portAt);
        String port = portAt < 0 || authority.endsWith("]") ? (scheme.equals("http") ? "80" : "443")
                : authority.substring(portAt + 1);
        if (host.isEmpty() || host.contains("**") || port.isEmpty() || !port.matches("\\*|[0-9]{1,5}")) {
            throw new IllegalArgumentException("'to' " + Text.quote(pattern)
                    + " needs a host (text, '*' within it) and, if given, a port number or '*'");
        }
        if (path != null && ResourceGlob.problemWith(path.isEmpty() ? "x" : path) != null) {
            throw new IllegalArgumentException("'to' " + Text.quote(pattern) + ": path contains '***'");
        }
        return new UrlPattern(pattern, scheme, ResourceGlob.compile(host.toLowerCase(Locale.ROOT)),
                ResourceGlob.compile(port), path == null ? null : ResourceGlob.compile(path));
    }

    /** Whether {@code url} (an absolute http or https URL) is one this pattern names. */
    public boolean matches(String url) {
        int colon = url.indexOf("://");
        if (colon < 0 || !url.substring(0, colon).equalsIgnoreCase(scheme)) {
            return false;
        }
        String rest = url.substring(colon + 3);
        int end = rest.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        rest = rest.substring(0, end);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String requested = slash < 0 ? "" : rest.substring(slash + 1);
        int userAt = authority.lastIndexOf('@');
        if (userAt >= 0) {
            authority = authority.substring(userAt + 1);
        }
        int portAt = authority.lastIndexOf(':');
        boolean noPort = portAt < 0 || authority.endsWith("]");
        String requestHost = noPort ? authority : authority.substring(0, portAt);
        String requestPort = noPort ? (scheme.equals("http") ? "80" : "443") : authority.substring(portAt + 1);
        return host.matches(requestHost.toLowerCase(Locale.ROOT)) && !requestHost.contains("/")
                && port.matches(requestPort) && (path == null || path.matches(requested));
    }

    /** Whether requests it matches may leave this host unencrypted: plain http to a host not known as loopback. */
    public boolean cleartextOffHost() {
        String written = host.toString();
        return scheme.equals("http") && !(written.equals("localhost") || written.equals("[::1]")
                || written.matches("127\\.[0-9]+\\.[0-9]+\\.[0-9]+"));
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return pattern;
    }
}
