package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff}: authority gained and lost per identity, limits and governance, new findings; exit 1 when wider. */
class MainDiffTest {

    private static final String BASE = """
            version: 1
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
                  - scope: "orders:read"
              agent:refund-bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
                    resources: ["order/EU-*"]
                    max-per-call: 500
                    budget: { limit: 2000, per: 1d }
            governance:
              - scope: "payments:refund"
                when: { spend-over: 1000 }
                defer: approval
            """;

    @TempDir
    Path dir;

    private Cli.Run diff(String before, String after, String... more) throws IOException {
        Path old = dir.resolve("old.yaml");
        Path changed = dir.resolve("new.yaml");
        Files.writeString(old, before);
        Files.writeString(changed, after);
        String[] args = new String[3 + more.length];
        args[0] = "diff";
        args[1] = old.toString();
        args[2] = changed.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return Cli.run(args);
    }

    @Test
    void layoutOnly_noChanges_exit0() throws IOException {
        String relaid = """
                # the same policy, laid out differently
                version: 1
                identities:
                  user:alice:
                    grants: [{scope: "payments:*"}, {scope: "orders:read"}]
                  agent:refund-bot:
                    grants:
                      - budget: { per: 1d, limit: 2000 }
                        max-per-call: 500
                        resources: ["order/EU-*"]
                        scope: "payments:refund"
                    on-behalf-of: user:alice
                governance:
                  - defer: approval
                    scope: "payments:refund"
                    when: { spend-over: 1000 }
                """;
        Cli.Run run = diff(BASE, relaid);
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().endsWith(": does not widen; no changes\n"), run.out());
    }

    @Test
    void widerResources_gainedWithExample_exit1() throws IOException {
        Cli.Run run = diff(BASE, BASE.replace("[\"order/EU-*\"]", "[\"order/*\"]"));
        assertEquals(1, run.exit(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("+ agent:refund-bot may now 'payments:refund' on order/*, e.g. payments:refund on \"order/"),
                lines.get(0));
        assertTrue(!lines.get(0).contains("\"order/EU-"), "the example lies outside what was granted before: " + lines.get(0));
        assertTrue(lines.get(0).endsWith("new.yaml:10)"), lines.get(0));
        assertTrue(lines.get(1).endsWith(": widens; 1 gained"), lines.get(1));
    }

    @Test
    void removedGrant_lostForTheIdentityAndItsDelegate_exit0() throws IOException {
        Cli.Run run = diff(BASE, BASE.replace("      - scope: \"payments:*\"\n", ""));
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("- user:alice may no longer 'payments:*' on any resource"), run.out());
        // the delegate's grant stays written, but its principal no longer has the authority: it is lost too
        assertTrue(run.out().contains("- agent:refund-bot may no longer 'payments:refund' on order/EU-*"), run.out());
        assertTrue(run.out().contains(": does not widen; 2 lost"), run.out());
    }

    @Test
    void newIdentity_gainsEverythingItIsGranted() throws IOException {
        Cli.Run run = diff(BASE, BASE.replace("governance:", """
                  agent:auditor:
                    grants: [{scope: "orders:read"}]
                governance:"""));
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().startsWith("+ agent:auditor may now 'orders:read' on any resource, e.g. orders:read"), run.out());
    }

    @Test
    void limits_looserIsWider_tighterIsNot() throws IOException {
        Cli.Run looser = diff(BASE, BASE.replace("max-per-call: 500", "max-per-call: 800"));
        assertEquals(1, looser.exit(), looser::toString);
        assertTrue(looser.out().startsWith("~ agent:refund-bot 'payments:refund' on order/EU-*: max-per-call 500 -> 800, looser"),
                looser.out());
        Cli.Run tighter = diff(BASE, BASE.replace("limit: 2000, per: 1d", "limit: 1000, per: 1d"));
        assertEquals(0, tighter.exit(), tighter::toString);
        assertTrue(tighter.out().contains("budget 2000/1d -> 1000/1d, tighter"), tighter.out());
        Cli.Run removed = diff(BASE, BASE.replace("        max-per-call: 500\n", ""));
        assertEquals(1, removed.exit(), removed::toString);
        assertTrue(removed.out().contains("max-per-call 500 -> none, looser"), removed.out());
    }

    @Test
    void governance_removedDeferralIsWider_addedIsNot() throws IOException {
        String undeferred = BASE.substring(0, BASE.indexOf("governance:"));
        Cli.Run run = diff(BASE, undeferred);
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("~ governance: 'payments:refund' deferred for approval when spend over 1000 no longer"),
                run.out());
        Cli.Run back = diff(undeferred, BASE);
        assertEquals(0, back.exit(), back::toString);
        assertTrue(back.out().contains("'payments:refund' now deferred for approval when spend over 1000"), back.out());
    }

    @Test
    void auditMode_isWider() throws IOException {
        Cli.Run run = diff(BASE, BASE.replace("version: 1\n", "version: 1\nmode: audit\n"));
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("~ mode enforce -> audit: nothing is refused any more"), run.out());
    }

    @Test
    void newFinding_isListed() throws IOException {
        Cli.Run run = diff(BASE, BASE.replace("scope: \"payments:refund\"\n        resources", "scope: \"payments:*\"\n        resources")
                .replace("      - scope: \"payments:*\"\n      - scope: \"orders:read\"", "      - scope: \"payments:refund\"\n      - scope: \"orders:read\""));
        assertTrue(run.out().contains("! agent:refund-bot: grant 'payments:*' on order/EU-* reaches beyond the authority of principal user:alice"),
                run.out());
    }

    @Test
    void json_listsEveryChangeAndWhetherItWidens() throws IOException {
        Cli.Run run = diff(BASE, BASE.replace("[\"order/EU-*\"]", "[\"order/*\"]"), "--format", "json");
        assertEquals(1, run.exit(), run::toString);
        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(run.out().strip());
        assertEquals(true, json.get("widens"));
        Map<?, ?> change = (Map<?, ?>) ((List<?>) json.get("changes")).get(0);
        assertEquals("gained", change.get("kind"));
        assertEquals("agent:refund-bot", change.get("identity"));
        assertEquals("payments:refund", change.get("scope"));
        assertEquals(List.of("order/*"), change.get("resources"));
    }

    @Test
    void invalidNewPolicy_isUnusable() throws IOException {
        Cli.Run run = diff(BASE, "version: 1\nidentities:\n  user:alice:\n    grantz: []\n");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("new.yaml:4:5: unknown key 'grantz'"), run.err());
    }
}
