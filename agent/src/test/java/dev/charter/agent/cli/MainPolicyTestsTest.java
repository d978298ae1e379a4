package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test}: a policy's unit tests, run through the agent's decision code with a clock per case. */
class MainPolicyTestsTest {

    private static final String POLICY = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                    budget: { limit: 1000, per: 1d }
              agent:bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
                    max-per-call: 500
                    active: { days: MON-FRI, from: "08:00", to: "18:00", zone: UTC }
                    expires: 2027-01-01T00:00:00Z
            governance:
              - scope: "payments:refund"
                when: { spend-over: 400 }
                defer: approval
            """;

    @TempDir
    Path dir;

    private Cli.Run test(String cases) throws IOException {
        Path policy = Files.writeString(dir.resolve("charter.yaml"), POLICY);
        Path file = Files.writeString(dir.resolve("cases.yaml"), cases);
        return Cli.run("test", policy.toString(), file.toString());
    }

    /** A case of the bot refunding order/EU-1 on a weekday morning; {@code more} adds keys or replaces those. */
    private static String refund(String name, String more) {
        StringBuilder yaml = new StringBuilder("  - name: " + name + "\n");
        for (String line : List.of("identity: agent:bot", "scope: payments:refund", "resource: order/EU-1",
                "at: 2026-12-02T10:00:00Z")) {
            String key = line.substring(0, line.indexOf(':') + 1);
            if (!("\n" + more).contains("\n" + key)) {
                yaml.append("    ").append(line).append('\n');
            }
        }
        return yaml.append(more.indent(4)).toString();
    }

    @Test
    void passingCases_countedAndExit0() throws IOException {
        Cli.Run run = test("cases:\n" + refund("in hours", "spend: 100\nexpect: allow")
                + refund("out of the grant's resources", "resource: order/US-1\nexpect: deny\nreason: resource not granted")
                + refund("at night", "at: 2026-12-02T23:00:00Z\nspend: 100\nexpect: deny\nreason: outside active hours")
                + refund("after expiry", "at: 2027-01-04T10:00:00Z\nspend: 100\nexpect: deny\nreason: grant expired")
                + refund("over max-per-call", "spend: 501\nexpect: deny\nreason: max-per-call"));
        assertEquals(0, run.exit(), run::toString);
        assertEquals("5 passed, 0 failed\n", run.out());
    }

    @Test
    void failingCase_oneLineWithItsPlaceExpectationAndDecision_exit1() throws IOException {
        Cli.Run run = test("cases:\n" + refund("wrongly expected", "resource: order/US-1\nexpect: allow"));
        assertEquals(1, run.exit(), run::toString);
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        assertEquals(dir.resolve("cases.yaml") + ":2: wrongly expected: expected allow, got deny: resource not granted ("
                + dir.resolve("charter.yaml") + ":10)", lines[0]);
        assertEquals("0 passed, 1 failed", lines[1]);
    }

    @Test
    void reasonFragment_mustBeInTheReason() throws IOException {
        Cli.Run run = test("cases:\n" + refund("wrong reason", "resource: order/US-1\nexpect: deny\nreason: budget"));
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("expected a reason containing \"budget\", got deny: resource not granted"), run.out());
    }

    @Test
    void earlierCalls_chargeTheBudgetAlongTheChain() throws IOException {
        Cli.Run run = test("cases:\n"
                + refund("fresh budget", "spend: 300\nexpect: allow")
                + refund("after earlier refunds", "spend: 300\nbefore:\n  - { spend: 300 }\n  - { spend: 300 }\n  - { spend: 300 }\n"
                        + "expect: deny\nreason: budget")
                + refund("the principal's budget counts the bot's", """
                        identity: user:alice
                        spend: 200
                        before:
                          - { identity: agent:bot, spend: 300 }
                          - { identity: agent:bot, spend: 300 }
                          - { identity: agent:bot, spend: 300 }
                        expect: deny
                        reason: budget"""));
        assertEquals(0, run.exit(), run::toString);
        assertEquals("3 passed, 0 failed\n", run.out());
    }

    @Test
    void deferral_isDefer_orTheGovernorsAnswer() throws IOException {
        Cli.Run run = test("cases:\n"
                + refund("asks the governor", "spend: 450\nexpect: defer")
                + refund("approved", "spend: 450\ngovernor: approve\nexpect: allow")
                + refund("refused", "spend: 450\ngovernor: refuse\nexpect: deny\nreason: refused by the case"));
        assertEquals(0, run.exit(), run::toString);
        assertEquals("3 passed, 0 failed\n", run.out());
    }

    @Test
    void caseName_withLineBreaks_staysOnOneLine() throws IOException {
        Cli.Run run = test("cases:\n" + refund("\"two\\nlines\"", "resource: order/US-1\nexpect: allow"));
        assertEquals(1, run.exit(), run::toString);
        assertEquals(2, run.out().split("\n").length, run.out());
        assertTrue(run.out().contains(": two lines: expected allow"), run.out());
    }

    @Test
    void badCasesFile_fileLineColumn_exit2() throws IOException {
        Cli.Run run = test("cases:\n" + refund("typo", "expect: allow\nexpcet: deny"));
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().startsWith(dir.resolve("cases.yaml") + ":8:5: unknown key 'expcet'"), run.err());
        Cli.Run wrong = test("cases:\n" + refund("bad expectation", "expect: maybe"));
        assertEquals(2, wrong.exit(), wrong::toString);
        assertTrue(wrong.err().contains(":7:13: 'expect' must be allow, deny or defer, found 'maybe'"), wrong.err());
    }
}
