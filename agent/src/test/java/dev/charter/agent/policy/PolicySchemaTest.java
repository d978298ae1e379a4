package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy's JSON Schema keeps step with the parser: every example policy in the repository
 * validates and parses; each invalid snippet is refused by both; each valid edge case accepted by
 * both. What only the parser can refuse is listed too, so that the schema's description stays true.
 */
class PolicySchemaTest {

    /** Where the agent jar holds the schema. */
    static final String RESOURCE = "/dev/charter/agent/charter-policy.schema.json";
    /** The repository: Surefire runs in the agent module's directory. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path DOCS_COPY = REPO.resolve("docs/charter-policy.schema.json");

    private static JsonNode schemaNode;
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = PolicySchemaTest.class.getResourceAsStream(RESOURCE)) {
            schemaNode = JsonMapper.builder().build().readTree(in);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
    }

    @Test
    void schemaInTheJar_isTheOneInDocs() throws IOException {
        byte[] shipped;
        try (InputStream in = PolicySchemaTest.class.getResourceAsStream(RESOURCE)) {
            shipped = in.readAllBytes();
        }
        assertArrayEquals(Files.readAllBytes(DOCS_COPY), shipped, "agent/src/main/resources" + RESOURCE
                + " is the source: copy it to docs/charter-policy.schema.json");
    }

    @Test
    void schema_isValidDraft202012() {
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertEquals(List.of(), meta.validate(schemaNode));
    }

    static Stream<Path> examplePolicies() throws IOException {
        List<Path> found = new ArrayList<>(List.of(REPO.resolve("sample-app/charter.yaml"),
                REPO.resolve("sample-app/desk.yaml"), REPO.resolve("sample-app/payments.yaml")));
        for (String dir : List.of("it-tests/src/test/resources", "bench/src/main/resources", "agent/src/test/resources")) {
            try (Stream<Path> files = Files.walk(REPO.resolve(dir))) {
                files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                        .sorted().forEach(found::add);
            }
        }
        return found.stream();
    }

    @Test
    void examplePolicies_areFound() throws IOException {
        List<Path> examples = examplePolicies().toList();
        assertTrue(examples.size() >= 6, examples::toString);
        assertTrue(examples.contains(REPO.resolve("it-tests/src/test/resources/it/limits.yaml")), examples::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplePolicies")
    void examplePolicy_validatesAndParses(Path file) throws IOException, PolicyException {
        String yaml = Files.readString(file);
        assertEquals(List.of(), errors(yaml), () -> REPO.relativize(file) + " against the schema");
        assertDoesNotThrow(() -> Policy.load(file));
    }

    /** The README's YAML blocks that are whole policies, not fragments of one. */
    static Stream<String> readmePolicies() throws IOException {
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(REPO.resolve("README.md")));
        List<String> policies = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).startsWith("version:") || block.group(1).contains("\nversion:")) {
                policies.add(block.group(1));
            }
        }
        return policies.stream();
    }

    @Test
    void readme_hasAWholePolicy() throws IOException {
        assertTrue(readmePolicies().findAny().isPresent());
    }

    @ParameterizedTest
    @MethodSource("readmePolicies")
    void readmePolicy_validatesAndParses(String yaml) throws PolicyException {
        assertEquals(List.of(), errors(yaml));
        Policy.parse(yaml, "README.md");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSnippet_isRefusedByBoth(String what, String yaml) throws PolicyException {
        assertFalse(errors(yaml).isEmpty(), "the schema accepts it");
        assertThrows(PolicyException.class, () -> Policy.parse(yaml, "policy.yaml"), "the parser accepts it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validSnippet_isAcceptedByBoth(String what, String yaml) throws PolicyException {
        assertEquals(List.of(), errors(yaml));
        Policy.parse(yaml, "policy.yaml");
    }

    /** What the schema's description says only the agent checks. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("onlyTheParserRefuses")
    void beyondTheSchema_onlyTheParserRefuses(String what, String yaml) throws PolicyException {
        assertEquals(List.of(), errors(yaml));
        assertThrows(PolicyException.class, () -> Policy.parse(yaml, "policy.yaml"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("not a mapping", "- version: 1\n"),
                Arguments.of("no version", "identities: {}\n"),
                Arguments.of("version 2", "version: 2\nidentities: {}\n"),
                Arguments.of("version as text", "version: \"1\"\nidentities: {}\n"),
                Arguments.of("unknown mode", policy("mode: strict\nidentities: {}")),
                Arguments.of("trust as a list", policy("identities: {}\ntrust: []")),
                Arguments.of("unknown key in trust", policy("identities: {}\ntrust: {issuers: {}, keys: {}}")),
                Arguments.of("issuer key not base64", policy("identities: {}\ntrust: {issuers: {svc:a: \"not a key!\"}}")),
                Arguments.of("propagate without audience", policy(
                        "identities: {}\ntrust: {propagate: [{to: \"http://localhost:*/mcp/**\"}]}")),
                Arguments.of("propagate to ftp", policy(
                        "identities: {}\ntrust: {propagate: [{to: \"ftp://host/x\", audience: svc:a}]}")),
                Arguments.of("no identities", policy("mode: audit")),
                Arguments.of("identities as a list", policy("identities: [user:alice]")),
                Arguments.of("unknown top-level key", policy("identities: {}\nroles: {}")),
                Arguments.of("identity name with a space", policy("identities: {\"user alice\": {}}")),
                Arguments.of("identity name with a tab", policy("identities: {\"user\\talice\": {}}")),
                Arguments.of("identity name empty", policy("identities: {\"\": {}}")),
                Arguments.of("unknown identity key", policy("identities: {user:alice: {role: admin}}")),
                Arguments.of("on-behalf-of a list", policy("identities: {a: {}, b: {on-behalf-of: [a]}}")),
                Arguments.of("grants a mapping", policy("identities: {a: {grants: {scope: x}}}")),
                Arguments.of("grant without scope", grant("{resources: [order/1]}")),
                Arguments.of("grant with an unknown key", grant("{scope: \"x\", scopes: \"y\"}")),
                Arguments.of("scope empty", grant("{scope: \"\"}")),
                Arguments.of("scope with an empty segment", grant("{scope: \"payments::refund\"}")),
                Arguments.of("scope ending in a colon", grant("{scope: \"payments:\"}")),
                Arguments.of("scope mixing a star", grant("{scope: \"pay*\"}")),
                Arguments.of("scope with an empty alternative", grant("{scope: \"orders:read,\"}")),
                Arguments.of("scope with a space", grant("{scope: \"payments refund\"}")),
                Arguments.of("scope a list", grant("{scope: [a]}")),
                Arguments.of("resources empty", grant("{scope: \"x\", resources: []}")),
                Arguments.of("resources a string", grant("{scope: \"x\", resources: \"order/*\"}")),
                Arguments.of("resource glob empty", grant("{scope: \"x\", resources: [\"\"]}")),
                Arguments.of("resource glob with ***", grant("{scope: \"x\", resources: [\"order/***\"]}")),
                Arguments.of("max-per-call negative", grant("{scope: \"x\", max-per-call: -1}")),
                Arguments.of("max-per-call as text", grant("{scope: \"x\", max-per-call: \"5\"}")),
                Arguments.of("budget a number", grant("{scope: \"x\", budget: 5}")),
                Arguments.of("budget without per", grant("{scope: \"x\", budget: {limit: 5}}")),
                Arguments.of("budget without limit", grant("{scope: \"x\", budget: {per: 1d}}")),
                Arguments.of("budget limit zero", grant("{scope: \"x\", budget: {limit: 0, per: 1d}}")),
                Arguments.of("budget per a week", grant("{scope: \"x\", budget: {limit: 5, per: 1w}}")),
                Arguments.of("budget per zero", grant("{scope: \"x\", budget: {limit: 5, per: 0s}}")),
                Arguments.of("budget per a bare number", grant("{scope: \"x\", budget: {limit: 5, per: 30}}")),
                Arguments.of("budget unknown key", grant("{scope: \"x\", budget: {limit: 5, per: 1d, cap: 1}}")),
                Arguments.of("rate calls a fraction", grant("{scope: \"x\", rate: {calls: 1.5, per: 1m}}")),
                Arguments.of("rate calls zero", grant("{scope: \"x\", rate: {calls: 0, per: 1m}}")),
                Arguments.of("rate without calls", grant("{scope: \"x\", rate: {per: 1m}}")),
                Arguments.of("active days unknown", grant("{scope: \"x\", active: {days: MON-FUN}}")),
                Arguments.of("active days lower case", grant("{scope: \"x\", active: {days: mon}}")),
                Arguments.of("active days empty list", grant("{scope: \"x\", active: {days: []}}")),
                Arguments.of("active days item with a comma", grant("{scope: \"x\", active: {days: [\"MON,TUE\"]}}")),
                Arguments.of("active from one digit hour", grant("{scope: \"x\", active: {from: \"8:00\"}}")),
                Arguments.of("active from 24:00", grant("{scope: \"x\", active: {from: \"24:00\"}}")),
                Arguments.of("active to 24:01", grant("{scope: \"x\", active: {to: \"24:01\"}}")),
                Arguments.of("active to minute 60", grant("{scope: \"x\", active: {to: \"17:60\"}}")),
                Arguments.of("active unknown key", grant("{scope: \"x\", active: {tz: UTC}}")),
                Arguments.of("active a string", grant("{scope: \"x\", active: weekdays}")),
                Arguments.of("expires a word", grant("{scope: \"x\", expires: tomorrow}")),
                Arguments.of("expires a date only", grant("{scope: \"x\", expires: 2026-12-31}")),
                Arguments.of("expires without a zone", grant("{scope: \"x\", expires: \"2026-12-31T00:00:00\"}")),
                Arguments.of("governance a mapping", policy("identities: {}\ngovernance: {scope: x, defer: approval}")),
                Arguments.of("rule with scope and exclusive", rule("{scope: \"x\", exclusive: \"y\", defer: approval}")),
                Arguments.of("rule with neither", rule("{defer: approval}")),
                Arguments.of("deferral without defer", rule("{scope: \"x\"}")),
                Arguments.of("deferral defer manual", rule("{scope: \"x\", defer: manual}")),
                Arguments.of("deferral when sometimes", rule("{scope: \"x\", when: sometimes, defer: approval}")),
                Arguments.of("deferral when nothing", rule("{scope: \"x\", when: null, defer: approval}")),
                Arguments.of("deferral spend-over negative", rule("{scope: \"x\", when: {spend-over: -1}, defer: approval}")),
                Arguments.of("deferral when unknown key", rule("{scope: \"x\", when: {spend-over: 1, per: 1d}, defer: approval}")),
                Arguments.of("deferral with a lease", rule("{scope: \"x\", defer: approval, lease: 1m}")),
                Arguments.of("deferral scope invalid", rule("{scope: \"a::b\", defer: approval}")),
                Arguments.of("exclusive lease a word", rule("{exclusive: \"x\", lease: soon}")),
                Arguments.of("exclusive with defer", rule("{exclusive: \"x\", defer: approval}")),
                Arguments.of("shared with a lease", rule("{shared: \"x\", lease: 30s}")),
                Arguments.of("shared and exclusive", rule("{shared: \"x\", exclusive: \"y\"}")),
                Arguments.of("exclusive pattern invalid", rule("{exclusive: \"x*\"}")),
                Arguments.of("actions a mapping", policy("identities: {}\nactions: {method: \"a.B#c()\", scope: s}")),
                Arguments.of("action with method and annotated", action("{method: \"a.B#c()\", annotated: a.T, scope: s}")),
                Arguments.of("action with neither", action("{scope: s}")),
                Arguments.of("action without scope", action("{method: \"a.B#c()\"}")),
                Arguments.of("action scope a pattern", action("{method: \"a.B#c()\", scope: \"pay:*\"}")),
                Arguments.of("action scope with alternatives", action("{method: \"a.B#c()\", scope: \"pay:a,b\"}")),
                Arguments.of("action scope with an empty segment", action("{annotated: a.T, scope: \"tools::x\"}")),
                Arguments.of("method without #", action("{method: \"a.B.c()\", scope: s}")),
                Arguments.of("method without parameters", action("{method: \"a.B#c\", scope: s}")),
                Arguments.of("method with a named parameter", action("{method: \"a.B#c(int x)\", scope: s}")),
                Arguments.of("method with an empty parameter", action("{method: \"a.B#c(int,)\", scope: s}")),
                Arguments.of("method with a digit first", action("{method: \"a.9B#c()\", scope: s}")),
                Arguments.of("annotated not a class name", action("{annotated: \"not an annotation\", scope: s}")),
                Arguments.of("acts-on negative", action("{method: \"a.B#c(int)\", scope: s, acts-on: -1}")),
                Arguments.of("spends as text", action("{method: \"a.B#c(int)\", scope: s, spends: first}")),
                Arguments.of("action unknown key", action("{method: \"a.B#c()\", scope: s, verb: x}")),
                Arguments.of("bind a list", policy("identities: {}\nbind: [langchain4j]")),
                Arguments.of("bind an unknown framework", bind("{crewai: {from: memory-id}}")),
                Arguments.of("bind without from", bind("{langchain4j: {prefix: \"user:\"}}")),
                Arguments.of("bind from an unknown source", bind("{langchain4j: {from: tool-context}}")),
                Arguments.of("bind invocation-parameter without key", bind("{langchain4j: {from: invocation-parameter}}")),
                Arguments.of("bind memory-id with a key", bind("{langchain4j: {from: memory-id, key: user}}")),
                Arguments.of("bind prefix with a space", bind("{langchain4j: {from: memory-id, prefix: \"user: \"}}")),
                Arguments.of("bind unknown key", bind("{langchain4j: {from: memory-id, as: user}}")),
                Arguments.of("bind spring-ai from the memory id", bind("{spring-ai: {from: memory-id}}")),
                Arguments.of("bind spring-ai without key", bind("{spring-ai: {from: tool-context}}")),
                Arguments.of("bind mcp without tool-scope", bind("{mcp: {from: passport}}")),
                Arguments.of("bind mcp passport with a prefix", bind("{mcp: {from: passport, prefix: x, tool-scope: t}}")),
                Arguments.of("bind mcp passport with a key", bind("{mcp: {from: passport, key: x, tool-scope: t}}")),
                Arguments.of("bind mcp transport-context without key", bind("{mcp: {from: transport-context, tool-scope: t}}")),
                Arguments.of("bind mcp from the memory id", bind("{mcp: {from: memory-id, tool-scope: t}}")),
                Arguments.of("bind agentic without agents", bind("{langchain4j-agentic: {}}")),
                Arguments.of("bind agentic agent to a spaced name", bind("{langchain4j-agentic: {agents: {a: \"agent: x\"}}}")),
                Arguments.of("bind agentic with a source", bind("{langchain4j-agentic: {from: memory-id, agents: {}}}")));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("the least policy", policy("identities: {}")),
                Arguments.of("trust empty", policy("identities: {}\ntrust:")),
                Arguments.of("trust with issuers and propagate", policy("identities: {}\ntrust:\n  issuers:\n"
                        + "    svc:orchestrator: \"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\"\n  propagate:\n"
                        + "    - to: \"http://localhost:*/mcp/**\"\n      audience: svc:tools\n"
                        + "    - to: \"https://*.example.com\"\n      audience: svc:shop")),
                Arguments.of("audit mode", policy("mode: audit\nidentities: {}")),
                Arguments.of("an identity declared with nothing", policy("identities:\n  user:alice:\n")),
                Arguments.of("grants with nothing", policy("identities:\n  user:alice:\n    grants:\n")),
                Arguments.of("grants empty", policy("identities: {user:alice: {grants: []}}")),
                Arguments.of("governance with nothing", policy("identities: {}\ngovernance:\n")),
                Arguments.of("governance empty", policy("identities: {}\ngovernance: []")),
                Arguments.of("a delegation", policy("identities: {a: {}, b: {on-behalf-of: a}}")),
                Arguments.of("scope star", grant("{scope: \"*\"}")),
                Arguments.of("scope alternatives and stars", grant("{scope: \"orders:read,write:*\"}")),
                Arguments.of("scope unquoted", grant("{scope: payments}")),
                Arguments.of("resource glob with a space", grant("{scope: \"x\", resources: [\"order 1\", \"sku/**\"]}")),
                Arguments.of("max-per-call zero", grant("{scope: \"x\", max-per-call: 0}")),
                Arguments.of("max-per-call with cents", grant("{scope: \"x\", max-per-call: 12.50}")),
                Arguments.of("budget in milliseconds", grant("{scope: \"x\", budget: {limit: 0.01, per: 500ms}}")),
                Arguments.of("rate of one", grant("{scope: \"x\", rate: {calls: 1, per: 1h}}")),
                Arguments.of("active days a list", grant("{scope: \"x\", active: {days: [MON, WED-FRI]}}")),
                Arguments.of("active days round the weekend", grant("{scope: \"x\", active: {days: SAT-MON}}")),
                Arguments.of("active days a comma list", grant("{scope: \"x\", active: {days: \"MON,WED-THU\"}}")),
                Arguments.of("active the whole day", grant("{scope: \"x\", active: {from: \"00:00\", to: \"24:00\"}}")),
                Arguments.of("active in a zone", grant("{scope: \"x\", active: {zone: Europe/Berlin}}")),
                Arguments.of("expires with an offset", grant("{scope: \"x\", expires: \"2026-12-31T00:00:00+01:00\"}")),
                Arguments.of("expires with a fraction", grant("{scope: \"x\", expires: 2026-12-31T00:00:00.5Z}")),
                Arguments.of("deferral always", rule("{scope: \"x\", when: always, defer: approval}")),
                Arguments.of("deferral spend-over zero", rule("{scope: \"x\", when: {spend-over: 0}, defer: approval}")),
                Arguments.of("deferral without when", rule("{scope: \"x\", defer: approval}")),
                Arguments.of("exclusive with a lease", rule("{exclusive: \"catalog:*\", lease: 1d}")),
                Arguments.of("shared", rule("{shared: \"catalog:*\"}")),
                Arguments.of("exclusive without a lease, held once", rule("{exclusive: \"catalog:*\"}")),
                Arguments.of("actions with nothing", policy("identities: {}\nactions:\n")),
                Arguments.of("actions empty", policy("identities: {}\nactions: []")),
                Arguments.of("method with spaced parameters and arrays", action(
                        "{method: \"com.acme.Payments#refund(java.lang.String, long, byte[][])\", scope: payments:refund,"
                        + " acts-on: 0, spends: 1}")),
                Arguments.of("method of a nested class, no parameters", action("{method: \"a.B$C#run()\", scope: s}")),
                Arguments.of("annotated with placeholders", action(
                        "{annotated: dev.langchain4j.agent.tool.Tool, scope: \"tools:{class}:{method}\", acts-on: 2}")),
                Arguments.of("bind with nothing", policy("identities: {}\nbind:\n")),
                Arguments.of("bind the memory id", bind("{langchain4j: {from: memory-id}}")),
                Arguments.of("bind an invocation parameter, prefixed",
                        bind("{langchain4j: {from: invocation-parameter, key: user, prefix: \"user:\"}}")),
                Arguments.of("bind a tool context entry", bind("{spring-ai: {from: tool-context, key: user}}")),
                Arguments.of("bind an MCP request's passport", bind("{mcp: {from: passport, tool-scope: \"tools:{tool}\"}}")),
                Arguments.of("bind an MCP transport context entry",
                        bind("{mcp: {from: transport-context, key: user, prefix: \"user:\", tool-scope: \"mcp:{tool}\"}}")),
                Arguments.of("bind agentic agents", policy("identities: {agent:a: {}}\nbind: {langchain4j-agentic: {agents: {refunds: agent:a}}}")));
    }

    static Stream<Arguments> onlyTheParserRefuses() {
        return Stream.of(
                Arguments.of("undeclared principal", policy("identities: {b: {on-behalf-of: a}}")),
                Arguments.of("issuer key base64 but not Ed25519", policy("identities: {}\ntrust: {issuers: {svc:a: \"AAAA\"}}")),
                Arguments.of("circular delegation", policy("identities: {a: {on-behalf-of: b}, b: {on-behalf-of: a}}")),
                Arguments.of("exclusive overlap without a lease", policy(
                        "identities: {a: {grants: [{scope: \"catalog\"}]}, b: {grants: [{scope: \"catalog\"}]}}\n"
                        + "governance: [{exclusive: \"catalog:*\"}]")),
                Arguments.of("to before from", grant("{scope: \"x\", active: {from: \"18:00\", to: \"08:00\"}}")),
                Arguments.of("unknown time zone", grant("{scope: \"x\", active: {zone: Mars/Olympus}}")),
                Arguments.of("no such date", grant("{scope: \"x\", expires: 2026-02-30T00:00:00Z}")),
                Arguments.of("19 digits", grant("{scope: \"x\", max-per-call: 1234567890123456789}")),
                Arguments.of("argument index beyond the parameters", action("{method: \"a.B#c(int)\", scope: s, spends: 1}")),
                Arguments.of("an agent under an undeclared identity",
                        bind("{langchain4j-agentic: {agents: {refunds: agent:ghost}}}")),
                Arguments.of("an MCP tool-scope that makes no scope", policy(
                        "identities: {}\nbind: {mcp: {from: passport, tool-scope: \"tools::{tool}\"}}")));
    }

    private static String policy(String rest) {
        return "version: 1\n" + rest + "\n";
    }

    private static String grant(String grant) {
        return policy("identities:\n  user:alice:\n    grants:\n      - " + grant);
    }

    private static String action(String action) {
        return policy("identities: {}\nactions:\n  - " + action);
    }

    private static String bind(String bind) {
        return policy("identities: {}\nbind: " + bind);
    }

    private static String rule(String rule) {
        return policy("identities: {}\ngovernance:\n  - " + rule);
    }

    private static List<String> errors(String yaml) throws PolicyException {
        List<String> errors = new ArrayList<>();
        for (Error error : schema.validate(YamlJson.of(yaml))) {
            errors.add(error.toString());
        }
        return errors;
    }
}
