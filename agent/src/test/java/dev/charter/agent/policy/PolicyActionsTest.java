package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyActionsTest {

    private static final String HEAD = "version: 1\nidentities: {}\nactions:\n";

    @Test
    void parse_methodAndAnnotatedEntries() throws PolicyException {
        Policy policy = Policy.parse(HEAD
                + "  - method: \"com.acme.Payments#refund(java.lang.String, long, byte[])\"\n"
                + "    scope: payments:refund\n"
                + "    acts-on: 0\n"
                + "    spends: 1\n"
                + "  - annotated: dev.langchain4j.agent.tool.Tool\n"
                + "    scope: \"tools:{method}\"\n", "c.yaml");
        assertEquals(List.of(
                new ActionTarget("c.yaml:4", "com.acme.Payments", "refund", List.of("java.lang.String", "long", "byte[]"),
                        null, "payments:refund", 0, 1),
                new ActionTarget("c.yaml:8", null, null, null, "dev.langchain4j.agent.tool.Tool", "tools:{method}", -1, -1)),
                policy.actions());
        assertEquals("tools:lookup", policy.actions().get(1).scopeFor("Weather", "lookup"));
        assertEquals("com.acme.Payments#refund(java.lang.String,long,byte[])", policy.actions().get(0).target());
    }

    @Test
    void parse_noActions_isEmpty() throws PolicyException {
        assertEquals(List.of(), Policy.parse("version: 1\nidentities: {}\n", "c.yaml").actions());
        assertEquals(List.of(), Policy.parse(HEAD, "c.yaml").actions());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "both keys         | '  - method: \"a.B#c()\"\\n    annotated: a.T\\n    scope: s\\n'         | c.yaml:5:5: an actions entry has either 'method' or 'annotated', not both",
        "neither key       | '  - scope: s\\n'                                                   | c.yaml:4:5: an actions entry must have a 'method' or an 'annotated'",
        "no scope          | '  - method: \"a.B#c()\"\\n'                                        | c.yaml:4:5: ",
        "bad signature     | '  - method: \"a.B.c()\"\\n    scope: s\\n'                        | c.yaml:4:13: 'method' must be pkg.Class#name(parameter types)",
        "bad type          | '  - method: \"a.B#c(int x)\"\\n    scope: s\\n'                    | c.yaml:4:13: 'method' has a parameter type that is not a Java type: 'int x'",
        "index too far     | '  - method: \"a.B#c(int)\"\\n    scope: s\\n    spends: 1\\n'      | c.yaml:4:13: argument index 1 is beyond the 1 parameters",
        "negative index    | '  - method: \"a.B#c(int)\"\\n    scope: s\\n    acts-on: -1\\n'    | c.yaml:6:14: 'acts-on' must be an argument index (0 for the first), found '-1'",
        "wildcard scope    | '  - method: \"a.B#c()\"\\n    scope: \"pay:*\"\\n'                 | c.yaml:5:12: ",
        "bad annotation    | '  - annotated: \"not an annotation\"\\n    scope: s\\n'             | c.yaml:4:16: 'annotated' must be an annotation's class name",
        "unknown key       | '  - method: \"a.B#c()\"\\n    scope: s\\n    verb: x\\n'            | c.yaml:6:5: unknown key 'verb'",
    })
    void parse_badEntry_isRefusedAtItsPosition(String name, String entries, String message) {
        PolicyException refused = assertThrows(PolicyException.class,
                () -> Policy.parse(HEAD + entries.replace("\\n", "\n"), "c.yaml"));
        assertEquals(message, refused.getMessage().substring(0, Math.min(message.length(), refused.getMessage().length())),
                refused.getMessage());
    }
}
