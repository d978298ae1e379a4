package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schema of {@code test}'s cases files agrees with the reader, {@link PolicyCases}. */
class PolicyCasesSchemaTest {

    private static final String RESOURCE = "/dev/charter/agent/charter-cases.schema.json";
    private static final Path DOCS_COPY = PolicySchemaTest.REPO.resolve("docs/charter-cases.schema.json");

    private static JsonNode schemaNode;
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = PolicyCasesSchemaTest.class.getResourceAsStream(RESOURCE)) {
            schemaNode = JsonMapper.builder().build().readTree(in);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
    }

    @Test
    void schemaInTheJar_isTheOneInDocs() throws IOException {
        try (InputStream in = PolicyCasesSchemaTest.class.getResourceAsStream(RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(DOCS_COPY), in.readAllBytes(),
                    "agent/src/main/resources" + RESOURCE + " is the source: copy it to docs/charter-cases.schema.json");
        }
    }

    @Test
    void schema_isValidDraft202012() {
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertEquals(List.of(), meta.validate(schemaNode));
    }

    @Test
    void sampleCases_validateAndParse() throws IOException, PolicyException {
        Path cases = PolicySchemaTest.REPO.resolve("sample-app/cases.yaml");
        assertEquals(List.of(), schema.validate(YamlJson.of(Files.readString(cases))));
        assertFalse(PolicyCases.load(cases).isEmpty());
    }

    @Test
    void readmeCases_validateAndParse() throws IOException, PolicyException {
        Matcher block = Pattern.compile("```yaml\n(cases:.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(PolicySchemaTest.REPO.resolve("README.md")));
        int found = 0;
        while (block.find()) {
            found++;
            assertEquals(List.of(), schema.validate(YamlJson.of(block.group(1))));
            assertFalse(PolicyCases.parse(block.group(1), "README.md").isEmpty());
        }
        assertEquals(1, found, "the README shows the cases format once");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no cases          | cases: []
            unknown top key   | cases: [{name: a, identity: u, scope: s, expect: allow}]\\nextra: 1
            no name           | cases: [{identity: u, scope: s, expect: allow}]
            no expect         | cases: [{name: a, identity: u, scope: s}]
            bad expect        | cases: [{name: a, identity: u, scope: s, expect: maybe}]
            wildcard scope    | cases: [{name: a, identity: u, scope: 'payments:*', expect: allow}]
            negative spend    | cases: [{name: a, identity: u, scope: s, spend: -1, expect: allow}]
            bad instant       | cases: [{name: a, identity: u, scope: s, at: tomorrow, expect: allow}]
            bad governor      | cases: [{name: a, identity: u, scope: s, governor: maybe, expect: allow}]
            defer and answer  | cases: [{name: a, identity: u, scope: s, governor: approve, expect: defer}]
            unknown key       | cases: [{name: a, identity: u, scope: s, expect: allow, why: x}]
            unknown call key  | cases: [{name: a, identity: u, scope: s, expect: allow, before: [{name: b}]}]
            """)
    void invalidCases_areRefusedByBoth(String what, String yaml) throws PolicyException {
        String text = yaml.replace("\\n", "\n");
        assertFalse(schema.validate(YamlJson.of(text)).isEmpty(), "the schema accepts it");
        assertThrows(PolicyException.class, () -> PolicyCases.parse(text, "cases.yaml"), "the reader accepts it");
    }
}
