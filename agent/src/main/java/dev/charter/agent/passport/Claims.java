package dev.charter.agent.passport;

import dev.charter.agent.audit.JsonText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a passport says, in RFC 8693's shape: {@code sub} is the root principal, {@code act} nests the
 * actors with the bound identity outermost; a session's {@code scope} sits on the outermost actor.
 *
 * @param chain the bound identity first, then its principals nearest first; the root principal last
 * @param scopes a session's scopes, or {@code null} when the bound identity is not a session
 */
record Claims(String issuer, String audience, Instant issuedAt, Instant expiresAt, String id, List<String> chain,
        List<String> scopes) {

    Claims {
        chain = List.copyOf(chain);
        scopes = scopes == null ? null : List.copyOf(scopes);
    }

    /** The identity the passport binds: the outermost actor. */
    String identity() {
        return chain.get(0);
    }

    /** The claims as the JWS payload: one line of JSON. */
    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iss", issuer);
        json.put("aud", audience);
        json.put("iat", issuedAt.getEpochSecond());
        json.put("exp", expiresAt.getEpochSecond());
        json.put("jti", id);
        json.put("sub", chain.get(chain.size() - 1));
        Map<String, Object> inner = null;
        for (int i = chain.size() - 2; i >= 0; i--) {
            Map<String, Object> actor = new LinkedHashMap<>();
            actor.put("sub", chain.get(i));
            if (i == 0 && scopes != null) {
                actor.put("scope", String.join(" ", scopes));
            }
            if (inner != null) {
                actor.put("act", inner);
            }
            inner = actor;
        }
        if (inner != null) {
            json.put("act", inner);
        }
        return JsonText.of(json);
    }

    /**
     * Reads the claims of a passport's payload, parsed as JSON.
     *
     * @throws Refusal if a claim is missing or of the wrong type
     */
    static Claims of(Map<?, ?> json) throws Refusal {
        String issuer = text(json, "iss");
        Object aud = json.get("aud");
        String audience;
        if (aud instanceof List<?> audiences && audiences.size() == 1 && audiences.get(0) instanceof String only) {
            audience = only;
        } else if (aud instanceof String one) {
            audience = one;
        } else {
            throw Refusal.malformed("claim aud must be one audience");
        }
        Instant issuedAt = Instant.ofEpochSecond(seconds(json, "iat"));
        Instant expiresAt = Instant.ofEpochSecond(seconds(json, "exp"));
        String id = text(json, "jti");
        List<String> chain = new ArrayList<>();
        List<String> scopes = null;
        Object act = json.get("act");
        while (act != null) {
            if (!(act instanceof Map<?, ?> actor) || chain.size() >= 32) {
                throw Refusal.malformed("claim act must be a nested object of at most 32 actors");
            }
            if (actor.containsKey("scope")) {
                if (!chain.isEmpty()) {
                    throw Refusal.malformed("only the outermost actor may carry a scope");
                }
                scopes = List.of(text(actor, "scope").trim().split(" +"));
            }
            chain.add(text(actor, "sub"));
            act = actor.get("act");
        }
        chain.add(text(json, "sub"));
        return new Claims(issuer, audience, issuedAt, expiresAt, id, chain, scopes);
    }

    private static String text(Map<?, ?> json, String claim) throws Refusal {
        if (json.get(claim) instanceof String text && !text.isEmpty()) {
            return text;
        }
        throw Refusal.malformed("claim " + claim + " must be a non-empty string");
    }

    private static long seconds(Map<?, ?> json, String claim) throws Refusal {
        Object value = json.get(claim);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw Refusal.malformed("claim " + claim + " must be whole seconds since the epoch");
    }
}
