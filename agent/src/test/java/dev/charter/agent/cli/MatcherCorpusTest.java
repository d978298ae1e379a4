package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.enforce.ActionSite;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.instrument.Rewriter;
import dev.charter.agent.policy.Policy;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.junit.jupiter.api.Test;

/**
 * The agent's rewriter and {@code check --scan} judge every method of real jars (LangChain4j, Spring AI,
 * Jackson) and of the test fixtures alike: the same methods, with the same scopes, argument roles and refusals. The policy targets what such jars are
 * full of, so that many methods match, through overrides and implementations across the jars. The
 * frameworks' own dependencies are left off this class path: a class with a supertype in none of the
 * jars cannot load under the agent, so it is left out of both sides.
 */
class MatcherCorpusTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants: [{scope: "corpus"}]
            actions:
              - annotated: "java.lang.Deprecated"
                scope: "corpus:{class}:{method}"
                acts-on: 0
              - annotated: "dev.langchain4j.agent.tool.Tool"
                scope: "corpus:tool:{method}"
              - annotated: "org.springframework.ai.tool.annotation.Tool"
                scope: "corpus:tool:{method}"
              - method: "com.fasterxml.jackson.databind.JsonSerializable#serialize(com.fasterxml.jackson.core.JsonGenerator,com.fasterxml.jackson.databind.SerializerProvider)"
                scope: "corpus:serialize"
                acts-on: 0
              - method: "com.fasterxml.jackson.databind.JsonDeserializer#deserialize(com.fasterxml.jackson.core.JsonParser,com.fasterxml.jackson.databind.DeserializationContext)"
                scope: "corpus:deserialize"
                acts-on: 0
                spends: 1
              - method: "dev.langchain4j.model.chat.ChatModel#chat(java.lang.String)"
                scope: "corpus:chat"
                acts-on: 0
            """;

    @Test
    void rewriterAndScan_agreeOnEveryMethodOfRealJars() throws Exception {
        Policy policy = Policy.parse(POLICY, "corpus.yaml");
        List<Path> jars = List.of(jar("dev.langchain4j.agent.tool.Tool"), jar("org.springframework.ai.tool.annotation.Tool"),
                jar("com.fasterxml.jackson.databind.ObjectMapper"), jar("com.fasterxml.jackson.core.JsonParser"),
                jar("com.fasterxml.jackson.annotation.JsonCreator"));

        Path fixtures = Path.of(MatcherCorpusTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/charter/fixture");
        List<Path> scannedPaths = new java.util.ArrayList<>(jars);
        scannedPaths.add(fixtures);
        Actions actions = new Actions();
        Rewriter rewriter = Rewriter.forTest(policy.actions(), actions);
        ClassLoader loader = getClass().getClassLoader();
        int classes = 0;
        Set<String> unmatchable = new TreeSet<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().filter(e -> e.getName().endsWith(".class")
                        && !e.getName().startsWith("META-INF/") && !e.getName().endsWith("module-info.class")).toList()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        String name = entry.getName().substring(0, entry.getName().length() - ".class".length());
                        byte[] rewritten = rewriter.transform(null, loader, name, null, null, in.readAllBytes());
                        if (rewritten != null && new ClassReader(rewritten).getSuperName().startsWith("charter cannot enforce")) {
                            unmatchable.add(name.replace('/', '.')); // a supertype of it is in no jar on this class path
                        }
                        classes++;
                    }
                }
            }
        }
        try (java.util.stream.Stream<Path> files = Files.walk(fixtures)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = "dev/charter/fixture/" + fixtures.relativize(file).toString().replace('\\', '/');
                rewriter.transform(null, loader, name.substring(0, name.length() - ".class".length()), null, null,
                        Files.readAllBytes(file));
            }
        }
        Set<String> scanned = new TreeSet<>();
        for (ScannedAction action : ClassScanner.scan(scannedPaths, policy.actions()).actions()) {
            if (action.checked() && !unmatchable.contains(action.type())) {
                // check reports an invalid scope as its own finding; the agent refuses such an action too
                String invalidScope = Policy.checkActionScope(action.scope());
                String refusal = action.refusal() != null ? action.refusal()
                        : invalidScope != null ? "invalid scope: " + invalidScope : null;
                scanned.add(action.type() + "#" + action.method() + " " + action.scope() + " resource=" + (action.actsOn() >= 0)
                        + " spend=" + (action.spends() >= 0) + (refusal == null ? "" : " REFUSED " + refusal));
            }
        }

        Set<String> rewritten = new TreeSet<>();
        for (ActionSite site : actions.snapshot()) {
            rewritten.add(site.method() + " " + site.scope() + " resource=" + site.hasResource() + " spend=" + site.hasSpend()
                    + (site.invalid() == null ? "" : " REFUSED " + site.invalid()));
        }
        assertTrue(classes > 1_000, classes + " classes");
        assertTrue(unmatchable.size() < classes / 5, unmatchable.size() + " of " + classes + " classes cannot be matched here");
        assertTrue(rewritten.size() > 200, "too small a corpus: " + rewritten.size() + " methods");
        assertTrue(rewritten.stream().anyMatch(m -> m.contains("REFUSED")), "the corpus has misfits too");
        Set<String> onlyScanned = new TreeSet<>(scanned);
        onlyScanned.removeAll(rewritten);
        Set<String> onlyRewritten = new TreeSet<>(rewritten);
        onlyRewritten.removeAll(scanned);
        assertEquals(Set.of(), onlyScanned, "listed by the scan only");
        assertEquals(Set.of(), onlyRewritten, "rewritten by the agent only");
    }

    private static Path jar(String className) throws ClassNotFoundException, URISyntaxException {
        Path jar = Path.of(Class.forName(className, false, MatcherCorpusTest.class.getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(jar), jar.toString());
        return jar;
    }
}
