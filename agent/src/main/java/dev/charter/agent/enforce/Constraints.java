package dev.charter.agent.enforce;

import dev.charter.Governor;
import dev.charter.agent.audit.JsonText;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a call the policy allows must still pass, compiled once for one identity, action and resource:
 * each level's grant limits (expiry, active hours, max per call), then rates and budgets along the chain
 * and a lease on an exclusive resource, charged to the ledger all or nothing, then approval where
 * governance defers. Each refusal says what the refusing limit would allow instead.
 *
 * <p>Counters are resolved in the ledger when compiled, and amounts are compared as whole numbers
 * where they are, so a call that passes allocates nothing.
 */
final class Constraints {

    /** One grant that allows the call at one level of the chain: its own limits, its counters. */
    private record Candidate(Limits limits, long expires, long maxWhole, Ledger.Counter[] counters) {
    }

    private final Ledger ledger;
    private final Clock clock;
    private final CallDecider.Reviewer reviewer;
    private final Candidate[][] levels;
    /** The counters of the first candidate of every level, in order: what most calls charge. */
    private final Ledger.Counter[] firstCounters;
    private final Ledger.LeaseRequest lease;
    private final Deferral[] deferrals;
    /** Per deferral, the whole part of its {@code spend-over}, or -1 when it defers every call. */
    private final long[] deferralWholes;
    private final Outcome passed;

    private Constraints(CallDecider decider, Candidate[][] levels, Ledger.LeaseRequest lease, List<Deferral> deferrals,
            Outcome passed) {
        this.ledger = decider.ledger;
        this.clock = decider.clock;
        this.reviewer = decider.reviewer;
        this.levels = levels;
        List<Ledger.Counter> first = new ArrayList<>();
        for (Candidate[] level : levels) {
            first.addAll(List.of(level[0].counters()));
        }
        this.firstCounters = first.toArray(new Ledger.Counter[0]);
        this.lease = lease;
        this.deferrals = deferrals.toArray(new Deferral[0]);
        this.deferralWholes = new long[this.deferrals.length];
        for (int i = 0; i < this.deferrals.length; i++) {
            deferralWholes[i] = whole(this.deferrals[i].spendOver());
        }
        this.passed = passed;
    }

    /**
     * Compiles what a call of {@code caller} with {@code scope} on {@code resource} must pass once
     * {@code allowed} lets it through, its counters resolved in the ledger of {@code decider}, whose
     * clock it reads and whose reviewer it asks.
     *
     * @param spends whether the action spends (its budgets count the amount) or not (only its rates apply)
     */
    static Constraints compile(CallDecider decider, Authority caller, String scope, String resource, boolean spends,
            Decision allowed) {
        Policy policy = decider.policy;
        Ledger ledger = decider.ledger;
        List<List<Limits>> chain = caller.limits(scope, resource);
        Candidate[][] levels = new Candidate[chain.size()][];
        for (int i = 0; i < levels.length; i++) {
            List<Limits> level = chain.get(i);
            levels[i] = new Candidate[level.size()];
            for (int j = 0; j < level.size(); j++) {
                levels[i][j] = candidate(ledger, level.get(j), spends);
            }
        }
        return new Constraints(decider, levels, lease(policy, caller, scope, resource), policy.deferrals(scope),
                Outcome.allow(allowed));
    }

    private static Candidate candidate(Ledger ledger, Limits limits, boolean spends) {
        List<Ledger.Counter> counters = new ArrayList<>();
        if (limits.rate() != null) {
            counters.add(ledger.counter(new Ledger.Charge(limits.rateCounter(), "rate", limits.rate(), limits.rule())));
        }
        if (limits.budget() != null && spends) {
            counters.add(ledger.counter(new Ledger.Charge(limits.budgetCounter(), "budget", limits.budget(), limits.rule())));
        }
        return new Candidate(limits, limits.expires() == null ? Long.MAX_VALUE : limits.expires().toEpochMilli(),
                whole(limits.maxPerCall()), counters.toArray(new Ledger.Counter[0]));
    }

    /**
     * Applies everything beyond scope and resource to a call now: its amount is {@code whole}, or
     * {@code exact} when not {@code null} ({@link Ledger#NO_AMOUNT}: it spends nothing). Charges the
     * ledger when the call passes; asks the reviewer where governance defers, or returns the call as
     * {@link Outcome.Kind#DEFER} when there is none.
     */
    Outcome apply(Authority caller, String scope, String method, String resource, long whole, BigDecimal exact) {
        long now = clock.millis();
        boolean firsts = true;
        for (Candidate[] level : levels) {
            int chosen = chosen(level, whole, exact, now);
            if (chosen < 0) {
                return refusal(level[0], whole, exact, now);
            }
            firsts &= chosen == 0;
        }
        Ledger.Counter[] counters = firsts ? firstCounters : chosenCounters(whole, exact, now);
        Deferral deferral = deferral(whole, exact);
        if (deferral == null) {
            return commit(counters, whole, exact, now, passed);
        }
        Ledger.Refusal early = ledger.check(counters, whole, exact, lease, now);
        if (early != null) {
            return refused(early);
        }
        BigDecimal amount = whole == Ledger.NO_AMOUNT && exact == null ? null : Ledger.amount(whole, exact);
        String asked = "deferred for approval" + (deferral.spendOver() == null ? "" : " (spend over "
                + deferral.spendOver().toPlainString() + ")");
        String withoutApproval = deferral.spendOver() == null ? ""
                : "up to " + deferral.spendOver().toPlainString() + " without approval";
        if (reviewer == null) {
            return new Outcome(Outcome.Kind.DEFER, new Decision(false, asked + ": the governor approves or refuses",
                    deferral.rule()), withoutApproval);
        }
        Governor.Verdict verdict = reviewer.review(new Governor.Deferral(caller.identity(), caller.chain(), scope,
                resource, amount, method, deferral.rule()));
        if (!verdict.approved()) {
            return new Outcome(Outcome.Kind.DEFER_DENIED,
                    new Decision(false, asked + ", refused: " + verdict.reason(), deferral.rule()), withoutApproval);
        }
        return commit(counters, whole, exact, clock.millis(), new Outcome(Outcome.Kind.DEFER_APPROVED,
                new Decision(true, asked + ", approved: " + verdict.reason(), deferral.rule()), ""));
    }

    private Outcome commit(Ledger.Counter[] counters, long whole, BigDecimal exact, long now,
            Outcome passed) {
        Ledger.Refusal refusal = counters.length == 0 && lease == null ? null
                : ledger.commit(counters, whole, exact, lease, now);
        return refusal == null ? passed : refused(refusal);
    }

    private static Outcome refused(Ledger.Refusal refusal) {
        return Outcome.deny(new Decision(false, refusal.reason(), refusal.rule()), refusal.allowed());
    }

    /** The first candidate whose own limits let the call through, or -1. */
    private static int chosen(Candidate[] level, long whole, BigDecimal exact, long now) {
        for (int i = 0; i < level.length; i++) {
            if (passes(level[i], whole, exact, now)) {
                return i;
            }
        }
        return -1;
    }

    private Ledger.Counter[] chosenCounters(long whole, BigDecimal exact, long now) {
        List<Ledger.Counter> counters = new ArrayList<>();
        for (Candidate[] level : levels) {
            counters.addAll(List.of(level[chosen(level, whole, exact, now)].counters()));
        }
        return counters.toArray(new Ledger.Counter[0]);
    }

    private static boolean passes(Candidate candidate, long whole, BigDecimal exact, long now) {
        Limits limits = candidate.limits();
        return now < candidate.expires()
                && (limits.active() == null || limits.active().contains(Instant.ofEpochMilli(now)))
                && !above(whole, exact, limits.maxPerCall(), candidate.maxWhole());
    }

    /** Why a grant's own limits refuse the call now, and what they would allow. */
    private static Outcome refusal(Candidate candidate, long whole, BigDecimal exact, long now) {
        Limits limits = candidate.limits();
        if (now >= candidate.expires()) {
            return Outcome.deny(new Decision(false, "grant expired at " + limits.expires(), limits.rule()), "");
        }
        Instant at = Instant.ofEpochMilli(now);
        if (limits.active() != null && !limits.active().contains(at)) {
            Instant opens = limits.active().nextStart(at);
            return Outcome.deny(new Decision(false, "outside active hours " + limits.active().text(), limits.rule()),
                    opens == null ? "" : "next active from " + opens);
        }
        return Outcome.deny(new Decision(false, "max-per-call " + limits.maxPerCall().toPlainString() + " exceeded: "
                + Spend.text(Ledger.amount(whole, exact)) + " asked", limits.rule()),
                "at most " + limits.maxPerCall().toPlainString() + " per call");
    }

    private Deferral deferral(long whole, BigDecimal exact) {
        for (int i = 0; i < deferrals.length; i++) {
            Deferral deferral = deferrals[i];
            if (deferral.spendOver() == null || above(whole, exact, deferral.spendOver(), deferralWholes[i])) {
                return deferral;
            }
        }
        return null;
    }

    /** Whether the amount is above {@code bound} ({@code null}: none); {@code boundWhole} is its whole part. */
    private static boolean above(long whole, BigDecimal exact, BigDecimal bound, long boundWhole) {
        if (bound == null || whole == Ledger.NO_AMOUNT && exact == null) {
            return false;
        }
        // a whole amount is above a bound exactly when it is above the bound's whole part
        return exact == null ? whole > boundWhole : exact.compareTo(bound) > 0;
    }

    /** The whole part of {@code bound} (at most 18 digits, as policies write them), or -1 for none. */
    private static long whole(BigDecimal bound) {
        return bound == null ? -1 : bound.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * The lease a call takes on an exclusive resource, for its delegation line: a session acts as the
     * identity it was derived from, and the line is that identity and its principals. The lease's key
     * is the exclusive rule as written and the resource: {@code ["lease","catalog:price:*","sku/2"]}.
     */
    private static Ledger.LeaseRequest lease(Policy policy, Authority caller, String scope, String resource) {
        Exclusive exclusive = policy.exclusive(scope);
        if (exclusive == null || exclusive.lease() == null || resource == null) {
            return null;
        }
        Authority actor = caller;
        while (actor instanceof SessionAuthority session) {
            actor = session.parent();
        }
        Set<String> line = new HashSet<>(actor.chain());
        line.add(actor.identity());
        return new Ledger.LeaseRequest(JsonText.of(List.of("lease", exclusive.pattern(), resource)), actor.identity(),
                Set.copyOf(line), exclusive.lease(), exclusive.rule());
    }
}
