package dev.charter.agent.ledger;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a Redis ledger is: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for
 * TLS. The port defaults to 6379 and the database to 0. {@link #toString} leaves the credentials out,
 * so that no message or log line ever shows them.
 */
public record RedisAddress(boolean tls, String user, String password, String host, int port, int database) {

    private static final int DEFAULT_PORT = 6379;

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong with it (without its credentials)
     */
    public static RedisAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a redis:// address: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("expected memory, redis://[user:password@]host:port[/db] or rediss://...,"
                    + " not a " + (scheme == null ? "relative" : scheme + ":") + " address");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(scheme + "://: no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(scheme + "://" + uri.getHost() + ": no query or fragment is understood");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = colon < 0 ? null : decode(info.substring(0, colon));
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            user = user == null || user.isEmpty() ? null : user;
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw new IllegalArgumentException(scheme + "://" + uri.getHost() + ": the path must be a database"
                        + " number, not '" + path + "'");
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new RedisAddress(scheme.equals("rediss"), user, password, host,
                uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (tls ? "rediss" : "redis") + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
                + (database == 0 ? "" : "/" + database);
    }
}
