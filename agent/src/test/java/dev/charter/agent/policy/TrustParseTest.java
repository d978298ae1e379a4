package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TrustParseTest {

    /** An Ed25519 public key, X.509 SubjectPublicKeyInfo, base64. */
    static final String KEY = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    private static Policy parse(String trust) throws PolicyException {
        return Policy.parse("version: 1\nidentities: {}\ntrust:\n" + trust, "charter.yaml");
    }

    @Test
    void trust_readsIssuersAndPropagateInOrder() throws PolicyException {
        Trust trust = parse("""
                  issuers:
                    svc:orchestrator: "%s"
                    svc:other: "%s"
                  propagate:
                    - to: "http://localhost:*/mcp/**"
                      audience: svc:tools
                    - to: "http://localhost:*/**"
                      audience: svc:all
                """.formatted(KEY, KEY)).trust();
        assertEquals(List.of("svc:orchestrator", "svc:other"), List.copyOf(trust.issuers().keySet()));
        assertEquals("EdDSA", trust.issuers().get("svc:orchestrator").getAlgorithm());
        assertEquals("svc:tools", trust.target("http://localhost:8080/mcp/x").audience());
        assertEquals("charter.yaml:8", trust.target("http://localhost:8080/mcp/x").rule());
        assertEquals("svc:all", trust.target("http://localhost:8080/api").audience());
        assertNull(trust.target("http://example.com/mcp/x"));
    }

    @Test
    void noTrustSection_isNull() throws PolicyException {
        assertNull(Policy.parse("version: 1\nidentities: {}\n", "charter.yaml").trust());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("  issuers:\n    svc:a: \"AAAA\"\n",
                        "charter.yaml:5:12: issuer 'svc:a': not an Ed25519 public key"),
                Arguments.of("  issuers:\n    svc:a: [x]\n", "charter.yaml:5:12: issuer 'svc:a' must have an Ed25519 public key"),
                Arguments.of("  keys: {}\n", "charter.yaml:4:3: unknown key 'keys' (expected one of: issuers, propagate)"),
                Arguments.of("  propagate:\n    - audience: svc:a\n", "charter.yaml:5:7: a propagate entry"),
                Arguments.of("  propagate:\n    - to: \"ftp://x/\"\n      audience: svc:a\n",
                        "charter.yaml:5:11: 'to' must be an http:// or https:// URL pattern"),
                Arguments.of("  propagate:\n    - to: \"http://u@x/\"\n      audience: svc:a\n",
                        "charter.yaml:5:11: 'to' 'http://u@x/' must be scheme://host[:port][/path]"),
                Arguments.of("  propagate:\n    - to: \"http://x:port/\"\n      audience: svc:a\n",
                        "charter.yaml:5:11: 'to' 'http://x:port/' needs a host"),
                Arguments.of("  propagate:\n    - to: \"http://x/\"\n      audience: \"svc a\"\n",
                        "charter.yaml:6:17: audience 'svc a' is empty or contains whitespace"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void trust_invalid_isRefusedAtItsPosition(String trust, String start) {
        PolicyException refused = assertThrows(PolicyException.class, () -> parse(trust));
        assertTrue(refused.getMessage().startsWith(start), refused.getMessage());
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "http://localhost:*/mcp/**, http://localhost:8080/mcp/tools, true",
        "http://localhost:*/mcp/**, http://localhost:8080/mcp/a/b?q=1#f, true",
        "http://localhost:*/mcp/**, http://localhost:8080/mcp, false",
        "http://localhost:*/mcp/**, http://localhost:8080/mcpx/a, false",
        "http://localhost:*/mcp/**, https://localhost:8080/mcp/a, false",
        "http://localhost:*/mcp/**, http://localhost.evil.com:8080/mcp/a, false",
        "http://localhost:*/mcp/**, http://evil.com/@localhost:80/mcp/a, false",
        "http://LOCALHOST:*/mcp/**, http://localhost:1/mcp/a, true",
        "http://*.example.com/api/*, http://pay.example.com/api/refund, true",
        "http://*.example.com/api/*, http://pay.example.com/api/refund/x, false",
        "http://*.example.com/api/*, http://pay.example.com:8080/api/refund, false",
        "https://pay.example.com, https://pay.example.com:443/anything/at/all, true",
        "https://pay.example.com, https://pay.example.com, true",
        "http://pay.example.com:8080/, http://pay.example.com:8080/, true",
        "http://pay.example.com:8080/, http://pay.example.com:8080/x, false",
    })
    void urlPattern_matchesHostAsTextAndPathBySegments(String pattern, String url, boolean matches) {
        assertEquals(matches, UrlPattern.compile(pattern).matches(url));
    }

    @Test
    void urlPattern_userInfoOfTheUrl_isNotTheHost() {
        assertFalse(UrlPattern.compile("http://trusted/**").matches("http://trusted@evil/x"));
    }
}
