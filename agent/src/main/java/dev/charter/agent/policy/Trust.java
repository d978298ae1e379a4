package dev.charter.agent.policy;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * The policy's {@code trust} section: whose passports this service accepts, and which outbound HTTP
 * requests carry the caller's passport.
 *
 * @param issuers the trusted issuers' Ed25519 public keys by issuer name, in file order
 * @param propagate the outbound targets, in file order: the first that matches a URL decides
 */
public record Trust(Map<String, PublicKey> issuers, List<Propagate> propagate) {

    /** An outbound target: requests to URLs {@code to} matches carry a passport for {@code audience}. */
    public record Propagate(UrlPattern to, String audience, String rule) {
    }

    /** The first entry whose {@code to} matches {@code url}, or {@code null}. */
    public Propagate target(String url) {
        for (Propagate entry : propagate) {
            if (entry.to().matches(url)) {
                return entry;
            }
        }
        return null;
    }
}
