package dev.charter.agent.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the rewritten frameworks are told: the identity of a call, and which tools to offer whom. */
class FrameworkRulesTest {

    private static final String POLICY = """
            version: 1
            %s
            identities:
              user:alice:
                grants:
                  - scope: "tools:refund"
                    resources: ["order/EU-*"]
                  - scope: "tools:lookup"
              user:bob:
                grants:
                  - scope: "tools:lookup"
            """;

    /** Tools as an application writes them. */
    static final class Tools {
        String refund(String order) {
            return order;
        }

        String lookup(String order) {
            return order;
        }

        String time() {
            return "now";
        }
    }

    private final Actions actions = new Actions();

    private FrameworkRules rules(String bind, Mode mode) throws Exception {
        actions.register("tools:refund", Tools.class.getName() + "#refund(java.lang.String)", true, false);
        actions.register("tools:lookup", Tools.class.getName() + "#lookup(java.lang.String)", true, false);
        return new FrameworkRules(new PolicyEnforcer(Policy.parse(POLICY.formatted(bind), "charter.yaml"), mode, false,
                actions, new RecordingLog(), Clock.systemUTC(), new InMemoryLedger(), Duration.ofSeconds(5)));
    }

    private static Method tool(String name, Class<?>... parameters) throws NoSuchMethodException {
        return Tools.class.getDeclaredMethod(name, parameters);
    }

    @Test
    void describe_namesMethodsAsTheRewriterRegistersThem() throws Exception {
        assertEquals("dev.charter.agent.frameworks.FrameworkRulesTest$Tools#refund(java.lang.String)",
                FrameworkRules.describe(tool("refund", String.class)));
        assertEquals("java.lang.String#format(java.lang.String,java.lang.Object[])",
                FrameworkRules.describe(String.class.getMethod("format", String.class, Object[].class)));
    }

    @Test
    void offers_aToolSomeResourceAllows_notOneNeverGranted() throws Exception {
        FrameworkRules rules = rules("", Mode.ENFORCE);
        assertTrue(rules.offers("user:alice", tool("refund", String.class)), "allowed on order/EU-* only");
        assertTrue(rules.offers("user:alice", tool("lookup", String.class)));
        assertFalse(rules.offers("user:bob", tool("refund", String.class)));
        assertTrue(rules.offers("user:bob", tool("lookup", String.class)));
        assertFalse(rules.offers("user:mallory", tool("lookup", String.class)), "undeclared");
    }

    @Test
    void offers_unbound_nothingScoped_butToolsCharterDoesNotScope() throws Exception {
        FrameworkRules rules = rules("", Mode.ENFORCE);
        assertFalse(rules.offers(null, tool("lookup", String.class)));
        assertTrue(rules.offers(null, tool("time")));
        assertTrue(rules.offers("user:bob", tool("time")));
    }

    @Test
    void offers_inAuditMode_everything() throws Exception {
        FrameworkRules rules = rules("", Mode.AUDIT);
        assertTrue(rules.offers("user:bob", tool("refund", String.class)));
        assertTrue(rules.offers(null, tool("refund", String.class)));
    }

    @Test
    void identity_fromTheMemoryId() throws Exception {
        FrameworkRules rules = rules("bind: {langchain4j: {from: memory-id, prefix: \"user:\"}}", Mode.ENFORCE);
        assertEquals("user:alice", rules.identity("langchain4j", "alice", Map.of("user", "bob")));
        assertNull(rules.identity("langchain4j", null, Map.of()), "no memory id: nothing bound");
        assertNull(rules.identity("spring-ai", "alice", null), "no entry for that framework");
    }

    @Test
    void identity_fromAnInvocationParameter() throws Exception {
        FrameworkRules rules = rules("bind: {langchain4j: {from: invocation-parameter, key: user}}", Mode.ENFORCE);
        assertEquals("user:bob", rules.identity("langchain4j", "user:alice", Map.of("user", "user:bob")));
        assertNull(rules.identity("langchain4j", "user:alice", Map.of("other", "user:bob")));
        assertNull(rules.identity("langchain4j", "user:alice", null));
    }

    @Test
    void identity_fromAToolContextEntry() throws Exception {
        FrameworkRules rules = rules("bind: {spring-ai: {from: tool-context, key: user, prefix: \"user:\"}}", Mode.ENFORCE);
        assertEquals("user:bob", rules.identity("spring-ai", null, Map.of("user", "bob")));
        assertNull(rules.identity("spring-ai", null, Map.of()));
        assertNull(rules.identity("langchain4j", "alice", Map.of("user", "bob")));
    }

    @Test
    void offers_anObjectThatIsNoMethodTool_always() throws Exception {
        assertTrue(rules("", Mode.ENFORCE).offers(null, new Object()));
    }

    @Test
    void identity_withoutBind_isNone() throws Exception {
        assertNull(rules("", Mode.ENFORCE).identity("langchain4j", "user:alice", Map.of("user", "user:alice")));
    }

    @Test
    void mcp_passport_offersEachToolByItsToolScope() throws Exception {
        FrameworkRules rules = rules("bind:\n  mcp: {from: passport, tool-scope: \"tools:{tool}\"}", Mode.ENFORCE);
        assertEquals(dev.charter.Frameworks.Requests.PASSPORT, rules.requests("mcp"));
        assertTrue(rules.offers("mcp", "user:alice", "refund"), "allowed on order/EU-* only");
        assertFalse(rules.offers("mcp", "user:bob", "refund"));
        assertTrue(rules.offers("mcp", "user:bob", "lookup"));
        assertFalse(rules.offers("mcp", null, "lookup"), "unbound");
        assertFalse(rules.offers("mcp", "user:alice", "no such scope"), "a name that makes no scope");
        assertEquals(dev.charter.Frameworks.Requests.AS_TAKEN, rules.requests("langchain4j"));
        assertTrue(rules("bind:\n  mcp: {from: passport, tool-scope: \"tools:{tool}\"}", Mode.AUDIT)
                .offers("mcp", null, "refund"), "audit mode offers everything");
    }

    @Test
    void mcp_transportContext_bindsFromWhatTheRequestCarries() throws Exception {
        FrameworkRules rules = rules("bind:\n  mcp: {from: transport-context, key: user, prefix: \"user:\","
                + " tool-scope: \"tools:{tool}\"}", Mode.ENFORCE);
        assertEquals(dev.charter.Frameworks.Requests.CARRIED, rules.requests("mcp"));
        assertNull(rules.identity("mcp", null));
    }
}
