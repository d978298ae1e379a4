package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.mcp.McpToolClient;
import dev.charter.it.app.mcp.McpToolServer;
import dev.charter.it.support.Jvm;
import dev.charter.it.support.Passports;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An MCP server built with the SDK, over its streamable HTTP servlet transport in Jetty, called by the
 * SDK's client from another JVM: each client's tool calls run under its own identity — from its
 * passport, or from a transport-context entry — on the threads the SDK picks; {@code tools/list}
 * shows each client its authority; a refusal comes back as the tool's error result.
 */
class McpSdkIT {

    private static final int CALLS = 250;
    private static final String GRANTS = """
            identities:
              user:alice:
                grants:
                  - scope: "tools:refund"
                    resources: ["order/EU-*"]
                  - scope: "tools:lookup"
                  - scope: "tools:whoami"
              user:bob:
                grants:
                  - scope: "tools:lookup"
                  - scope: "tools:whoami"
            """;
    private static Path dir;
    private static Path passportPolicy;
    private static Jvm.Result byPassport;
    private static Jvm.Result byContext;

    @BeforeAll
    static void run() throws Exception {
        dir = Files.createTempDirectory("charter-mcp-");
        passportPolicy = Files.writeString(dir.resolve("tools.yaml"), """
                version: 1
                bind:
                  mcp:
                    from: passport
                    tool-scope: "tools:{tool}"
                %s
                trust:
                  issuers:
                    %s
                """.formatted(GRANTS, Passports.TRUSTED_ORCHESTRATOR));
        Path contextPolicy = Files.writeString(dir.resolve("tools-context.yaml"), """
                version: 1
                bind:
                  mcp:
                    from: transport-context
                    key: user
                    prefix: "user:"
                    tool-scope: "tools:{tool}"
                %s
                """.formatted(GRANTS));
        Path clientPolicy = Files.writeString(dir.resolve("client.yaml"), """
                version: 1
                identities:
                  user:alice: {}
                  user:bob: {}
                """);
        byPassport = serveAndCall(Jvm.fork().withCharter("policy=" + passportPolicy).option("-Dcharter.audience=svc:tools"),
                Jvm.fork().withCharter("policy=" + clientPolicy + ",issuer=svc:orchestrator,signing-key="
                        + Passports.ORCHESTRATOR_KEY), "passport");
        byContext = serveAndCall(Jvm.fork().withCharter("policy=" + contextPolicy), Jvm.fork(), "context");
    }

    private static Jvm.Result serveAndCall(Jvm server, Jvm client, String mode) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (Jvm.Running serving = server.classPath(classPath).start(McpToolServer.class)) {
            String port = serving.awaitLine("PORT ").substring("PORT ".length());
            Jvm.Result result = client.classPath(classPath).run(McpToolClient.class, port, mode, String.valueOf(CALLS));
            assertEquals(0, result.exit(), result::toString);
            assertFalse(serving.err().contains("Charter could not rewrite"), serving::toString);
            return result;
        }
    }

    @AfterAll
    static void clean() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Test
    void passport_eachClientsToolsRunUnderItsIdentity_onTheSdksThreads() {
        assertEquals("ok refunded order/EU-1", byPassport.outcome("eu-alice"), byPassport::toString);
        assertEquals("ok found order/EU-1", byPassport.outcome("lookup-bob"), byPassport::toString);
        assertTrue(byPassport.outcome("whoami-alice").startsWith("ok user:alice on boundedElastic-"), byPassport::toString);
        assertTrue(byPassport.outcome("whoami-bob").startsWith("ok user:bob on boundedElastic-"), byPassport::toString);
    }

    @Test
    void refusal_reachesTheClient_asTheToolsErrorResult_withWhatIsAllowed() {
        assertEquals("error user:alice may not tools:refund on \"order/US-1\": resource not granted (" + passportPolicy
                + ":9); allowed: order/EU-*", byPassport.outcome("us-alice"), byPassport::toString);
        assertEquals("error user:bob may not tools:refund on \"order/EU-1\": no rule grants it",
                byPassport.outcome("eu-bob"), byPassport::toString);
    }

    @Test
    void toolsList_ofEachClient_isExactlyItsAuthority() {
        assertEquals("[lookup, refund, whoami]", byPassport.outcome("list-alice"));
        assertEquals("[lookup, whoami]", byPassport.outcome("list-bob"));
        assertEquals("[]", byPassport.outcome("list-none"));
        assertEquals("[]", byPassport.outcome("list-forged"));
        assertEquals("[lookup, refund, whoami]", byContext.outcome("list-alice"));
        assertEquals("[lookup, whoami]", byContext.outcome("list-bob"));
        assertEquals("[]", byContext.outcome("list-none"));
        assertEquals("[]", byContext.outcome("list-forged"));
    }

    @Test
    void noPassport_orARefusedOne_leavesTheToolsUnbound_andTheRefusalSaysWhy() {
        assertTrue(byPassport.outcome("lookup-none").startsWith(
                "error unbound thread may not tools:lookup on \"order/EU-1\": no identity bound on thread 'boundedElastic-"),
                byPassport::toString);
        assertTrue(byPassport.outcome("lookup-forged").startsWith("error unbound thread may not tools:lookup"),
                byPassport::toString);
        assertTrue(byPassport.outcome("lookup-forged").contains("(the request's passport was refused: "),
                byPassport::toString);
    }

    @Test
    void transportContext_bindsItsEntry_andNoEntryLeavesTheToolsUnbound() {
        assertEquals("ok refunded order/EU-1", byContext.outcome("eu-alice"), byContext::toString);
        assertTrue(byContext.outcome("eu-bob").startsWith("error user:bob may not tools:refund"), byContext::toString);
        assertTrue(byContext.outcome("whoami-alice").startsWith("ok user:alice on boundedElastic-"), byContext::toString);
        assertTrue(byContext.outcome("lookup-none").startsWith("error unbound thread may not tools:lookup"),
                byContext::toString);
        assertTrue(byContext.outcome("lookup-forged").startsWith("ERROR ")
                && byContext.outcome("lookup-forged").contains("\"user:mallory\": identity is not declared in the policy"),
                byContext::toString);
    }

    @Test
    void frameworksAbsent_theirBindEntriesAreInert_andNoClassOfTheirsLoads() throws Exception {
        Path every = Files.writeString(dir.resolve("every-framework.yaml"), """
                version: 1
                bind:
                  langchain4j: {from: memory-id}
                  langchain4j-agentic: {agents: {refunds: user:alice}}
                  spring-ai: {from: tool-context, key: user}
                  mcp: {from: passport, tool-scope: "tools:{tool}"}
                %s
                """.formatted(GRANTS));
        Jvm.Result result = Jvm.fork().withCharter("policy=" + every).option("-Xlog:class+load=info")
                .run(dev.charter.it.app.Enforcing.class);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("enforcing true"), result::toString);
        for (String framework : new String[] {"dev.langchain4j.", "org.springframework.", "io.modelcontextprotocol.",
                "reactor.core.", "jakarta.servlet."}) {
            assertFalse(result.out().contains(" " + framework), framework + " loaded:\n" + result);
        }
    }

    @Test
    void twoClientsConcurrently_thousandsOfCalls_noWrongDecision() {
        for (Jvm.Result result : new Jvm.Result[] {byPassport, byContext}) {
            assertEquals(String.valueOf(2 * 4 * CALLS), result.outcome("concurrent-calls"), result::toString);
            assertEquals("0", result.outcome("concurrent-wrong"), result::toString);
        }
    }
}
