package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.Gaming;
import dev.charter.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spends, counters, leases and governance cannot be gamed. */
class GamingIT {

    private static final String BOT = "DENIED payments:refund for agent:refund-bot on order/";
    private static Jvm.Result run;

    @BeforeAll
    static void game(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("charter.yaml");
        Files.copy(Jvm.resource("it/gaming.yaml"), policy);
        run = Jvm.fork().withCharter("policy=" + policy + ",governor-timeout=300ms")
                .run(Gaming.class, policy.toString(), Jvm.resource("it/gaming-moved.yaml").toString());
        assertEquals(0, run.exit(), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spend-negative", "spend-nan", "spend-infinite", "spend-null"})
    void spendThatIsNotAFiniteAmount_isRefused(String scenario) {
        assertTrue(run.outcome(scenario).startsWith(BOT + "1: spend must be a finite amount ≥ 0"), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spend-negative-without-limits", "spend-nan-without-limits",
        "spend-negative-decimal-without-limits"})
    void spendThatIsNotAFiniteAmount_isRefused_evenOnAGrantWithoutLimits(String scenario) {
        assertTrue(run.outcome(scenario).startsWith("DENIED payments:refund for user:ops-lead on order/1: spend must be a"
                + " finite amount ≥ 0"), run::toString);
        assertEquals("ALLOWED", run.outcome("spend-within-limits-without-limits"), run::toString);
    }

    @Test
    void spendParameterThatIsNotANumber_refusesEveryCall_evenWithoutLimits() {
        assertTrue(run.outcome("spend-text").startsWith(BOT + "1: its @Spends parameter is a java.lang.String, not a number"),
                run::toString);
        assertEquals("DENIED payments:refund for user:ops-lead on order/1: its @Spends parameter is a java.lang.String,"
                + " not a number", run.outcome("spend-text-without-limits"), run::toString);
    }

    @Test
    void bigIntegerBeyondLong_countsExactly() {
        assertTrue(run.outcome("spend-big-integer-beyond-long").startsWith(BOT + "1: budget 1000/1d exhausted: 0 spent, "
                + "1180591620717411303424 asked"), run::toString);
    }

    @Test
    void refusedSpends_creditNothing_theBudgetHoldsExactly() {
        assertEquals("ALLOWED", run.outcome("spend-fraction"), run::toString);
        assertEquals("ALLOWED", run.outcome("spend-rest-of-budget"), run::toString);
        assertTrue(run.outcome("spend-one-more").startsWith(BOT + "1: budget 1000/1d exhausted: 1000 spent, 1 asked"),
                run::toString);
    }

    @Test
    void reloadThatMovesAndReordersGrants_keepsTheCounters() {
        assertEquals("true", run.outcome("counter-reloaded"), run::toString);
        assertTrue(run.outcome("counter-after-reload").startsWith(BOT + "2: budget 1000/1d exhausted"), run::toString);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "lease-principal-touches  | ALLOWED",
        "lease-first-delegate     | ALLOWED",
        "lease-principal-again    | ALLOWED",
        "lease-session-of-holder  | ALLOWED",
    })
    void leaseAlongOneDelegationLine(String scenario, String outcome) {
        assertEquals(outcome, run.outcome(scenario), run::toString);
    }

    @Test
    void siblingDelegate_isExcluded_afterThePrincipalTouchedTheResource() {
        assertTrue(run.outcome("lease-sibling-delegate").startsWith(
                "DENIED catalog:price:write for agent:promo-bot on sku/2: held by agent:pricing-bot until "),
                run::toString);
    }

    @Test
    void governorCallingADeferredAction_isRefusedAtOnce_withoutAThread() {
        assertEquals("ALLOWED", run.outcome("recursive-governor-outer"), run::toString);
        assertEquals("DENIED payments:capture for user:ops-lead on order/inner: deferred for approval, refused: "
                + "raised while a governor is deciding: governance does not recurse", run.outcome("recursive-governor-inner"),
                run::toString);
        assertEquals("0", run.outcome("recursive-governor-threads-started"), run::toString);
    }

    @Test
    void governor_runsUnbound_onAThreadOfCharters() {
        assertTrue(run.outcome("governor-runs").startsWith("unbound on charter-governor-"), run::toString);
    }

    @Test
    void stuckGovernor_withAThousandDeferrals_keepsThreadsBounded_andRefusesAll() {
        assertEquals("1000", run.outcome("stuck-governor-refused"), run::toString);
        assertTrue(Integer.parseInt(run.outcome("stuck-governor-threads-beyond-callers")) <= 4, run::toString);
    }
}
