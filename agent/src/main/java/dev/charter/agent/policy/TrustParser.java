package dev.charter.agent.policy;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a policy's {@code trust} section:
 * <pre>
 * issuers      optional: a mapping of issuer name to its Ed25519 public key, an X.509
 *              SubjectPublicKeyInfo in base64 (what {@code keygen} prints)
 * propagate    optional: a list of outbound targets, each with
 *   to         required: a URL pattern ({@link UrlPattern})
 *   audience   required: the receiving service's name, the passport's aud
 * </pre>
 */
final class TrustParser {

    private static final List<String> KEYS = List.of("issuers", "propagate");
    private static final List<String> PROPAGATE_KEYS = List.of("to", "audience");

    private final PolicySource source;

    TrustParser(PolicySource source) {
        this.source = source;
    }

    Trust read(Node node) throws PolicyException {
        if (PolicySource.isNull(node)) {
            return new Trust(Map.of(), List.of());
        }
        YamlMapping trust = YamlMapping.of(source.mapping(node, "'trust' must be a mapping of issuers and propagate"),
                source);
        trust.allowOnly(KEYS, Set.of());
        NodeTuple issuers = trust.get("issuers");
        NodeTuple propagate = trust.get("propagate");
        return new Trust(issuers == null ? Map.of() : issuers(issuers.getValueNode()),
                propagate == null ? List.of() : propagate(propagate.getValueNode()));
    }

    private Map<String, PublicKey> issuers(Node node) throws PolicyException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        if (PolicySource.isNull(node)) {
            return keys;
        }
        YamlMapping issuers = YamlMapping.of(
                source.mapping(node, "'issuers' must be a mapping of issuer names to public keys"), source);
        for (Map.Entry<String, NodeTuple> entry : issuers.entries().entrySet()) {
            String name = entry.getKey();
            if (name.isBlank() || Text.containsSpaceOrControl(name)) {
                throw source.error(entry.getValue().getKeyNode(),
                        "issuer name " + Text.quote(name) + " is empty or contains whitespace or a control character");
            }
            Node value = entry.getValue().getValueNode();
            String text = source.text(value, "issuer " + Text.quote(name)
                    + " must have an Ed25519 public key (base64 X.509 SubjectPublicKeyInfo, as keygen prints it)");
            keys.put(name, publicKey(text, name, value));
        }
        return Collections.unmodifiableMap(keys);
    }

    private PublicKey publicKey(String base64, String issuer, Node at) throws PolicyException {
        try {
            byte[] encoded = Base64.getDecoder().decode(base64.strip());
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw source.error(at, "issuer " + Text.quote(issuer)
                    + ": not an Ed25519 public key (expected base64 X.509 SubjectPublicKeyInfo, as keygen prints it)");
        } catch (NoSuchAlgorithmException e) {
            throw source.error(at, "this JVM has no Ed25519 (needs Java 15 or later): " + e.getMessage());
        }
    }

    private List<Trust.Propagate> propagate(Node node) throws PolicyException {
        List<Trust.Propagate> targets = new ArrayList<>();
        if (PolicySource.isNull(node)) {
            return targets;
        }
        SequenceNode sequence = source.sequence(node, "'propagate' must be a list of targets with 'to' and 'audience'");
        for (Node item : sequence.getValue()) {
            YamlMapping entry = YamlMapping.of(
                    source.mapping(item, "a propagate entry must be a mapping of 'to' and 'audience'"), source);
            entry.allowOnly(PROPAGATE_KEYS, Set.of());
            NodeTuple to = entry.require("to", "a propagate entry");
            Node pattern = to.getValueNode();
            UrlPattern url;
            try {
                url = UrlPattern.compile(source.text(pattern, "'to' must be a URL pattern"));
            } catch (IllegalArgumentException e) {
                throw source.error(pattern, e.getMessage());
            }
            Node audienceNode = entry.require("audience", "a propagate entry").getValueNode();
            String audience = source.text(audienceNode, "'audience' must name the receiving service");
            if (audience.isBlank() || Text.containsSpaceOrControl(audience)) {
                throw source.error(audienceNode, "audience " + Text.quote(audience)
                        + " is empty or contains whitespace or a control character");
            }
            targets.add(new Trust.Propagate(url, audience, source.file() + ":" + PolicySource.line(to.getKeyNode())));
        }
        return List.copyOf(targets);
    }
}
