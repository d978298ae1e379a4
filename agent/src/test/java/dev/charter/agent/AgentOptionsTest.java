package dev.charter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.agent.policy.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {

    private static final Map<String, String> NONE = Map.of();

    @Test
    void resolve_allKeysFromAgentArguments() throws Exception {
        AgentOptions options = resolve("policy=p.yaml,audit=a.jsonl,mode=audit,audit-allows=true,governor-timeout=2s",
                NONE, NONE);
        assertEquals(new AgentOptions(Path.of("p.yaml"), Path.of("a.jsonl"), Mode.AUDIT, true, Duration.ofSeconds(2),
                "memory", "charter", Duration.ofMillis(200), AgentOptions.Passports.NONE),
                options);
    }

    @Test
    void resolve_agentArgumentsWinOverPropertiesOverEnvironment() throws Exception {
        AgentOptions options = resolve("policy=arg.yaml",
                Map.of("charter.policy", "prop.yaml", "charter.audit", "prop.jsonl"),
                Map.of("CHARTER_POLICY", "env.yaml", "CHARTER_AUDIT", "env.jsonl", "CHARTER_AUDIT_ALLOWS", "true"));
        assertEquals(Path.of("arg.yaml"), options.policy());
        assertEquals(Path.of("prop.jsonl"), options.audit());
        assertTrue(options.auditAllows());
    }

    @Test
    void resolve_ledgerOptions_inTheThreeForms() throws Exception {
        AgentOptions options = resolve("policy=p.yaml,ledger=redis://r:6379", Map.of("charter.ledger-namespace", "shop"),
                Map.of("CHARTER_LEDGER_TIMEOUT", "50ms", "CHARTER_LEDGER", "memory"));
        assertEquals("redis://r:6379", options.ledger());
        assertEquals("shop", options.ledgerNamespace());
        assertEquals(Duration.ofMillis(50), options.ledgerTimeout());
    }

    @Test
    void resolve_defaults() throws Exception {
        AgentOptions options = resolve(null, Map.of("charter.policy", "p.yaml"), NONE);
        assertNull(options.audit());
        assertNull(options.mode(), "the policy's mode applies");
        assertEquals(false, options.auditAllows());
        assertEquals(Duration.ofSeconds(30), options.governorTimeout());
        assertEquals("memory", options.ledger());
        assertEquals("charter", options.ledgerNamespace());
        assertEquals(Duration.ofMillis(200), options.ledgerTimeout());
    }

    @Test
    void resolve_passportOptions_inAllThreeForms() throws Exception {
        AgentOptions options = resolve("policy=p.yaml,issuer=svc:orchestrator",
                Map.of("charter.signing-key", "o.key"), Map.of("CHARTER_AUDIENCE", "svc:tools"));
        assertEquals(new AgentOptions.Passports("svc:orchestrator", Path.of("o.key"), "svc:tools"), options.passports());
        assertEquals(AgentOptions.Passports.NONE, resolve("policy=p.yaml", NONE, NONE).passports());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                               | no policy given",
        "policy=p.yaml,polcy=x            | unknown agent option 'polcy=x'",
        "policy=p.yaml,verbose            | unknown agent option 'verbose'",
        "policy=p.yaml,policy=q.yaml      | agent option 'policy' given twice",
        "policy=p.yaml,mode=strict        | mode must be enforce or audit, not 'strict'",
        "policy=p.yaml,audit-allows=yes   | audit-allows must be true or false, not 'yes'",
        "policy=p.yaml,governor-timeout=x | governor-timeout: ",
        "policy=p.yaml,issuer=svc:a       | issuer and signing-key go together",
        "policy=p.yaml,signing-key=a.key  | issuer and signing-key go together",
        "policy=p.yaml,audience=svc x     | audience must be a name without whitespace",
        "policy=p.yaml,ledger-timeout=1   | ledger-timeout: ",
    })
    void resolve_badOptions_sayWhatIsWrong(String arguments, String message) {
        AgentOptions.Invalid invalid = assertThrows(AgentOptions.Invalid.class, () -> resolve(arguments, NONE, NONE));
        assertTrue(invalid.getMessage().startsWith(message), invalid.getMessage());
    }

    private static AgentOptions resolve(String arguments, Map<String, String> properties, Map<String, String> environment)
            throws AgentOptions.Invalid {
        return AgentOptions.resolve(arguments, properties::get, environment::get);
    }
}
