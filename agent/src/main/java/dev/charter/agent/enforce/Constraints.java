package dev.charter.agent.enforce;

import dev.charter.Gate;
import dev.charter.Governor;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * What a call the policy allows must still pass: each level's grant limits (expiry, active hours,
 * max per call), rates and budgets along the chain, a lease on an exclusive resource, and approval
 * where governance defers. State changes only when the call passes all of them. Each refusal says
 * what the refusing limit would allow instead.
 */
final class Constraints {

    /** One pool for the JVM, whatever the policy in force: reviews are rare. */
    private static final ExecutorService REVIEWS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "charter-governor");
        thread.setDaemon(true);
        return thread;
    });

    private final Policy policy;
    private final Ledger ledger;
    private final Clock clock;
    private final CallDecider.Reviewer reviewer;

    /** @param reviewer who approves deferred calls, or {@code null}: they come back unasked, as {@code defer} */
    Constraints(Policy policy, Ledger ledger, Clock clock, CallDecider.Reviewer reviewer) {
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
        this.reviewer = reviewer;
    }

    /** The reviewer that asks the registered governor, waiting at most {@code governorTimeout}. */
    static CallDecider.Reviewer governor(Duration governorTimeout) {
        return deferral -> review(deferral, governorTimeout);
    }

    /** Applies everything beyond scope and resource to a call that {@code allowed} lets through. */
    Outcome apply(Authority caller, String scope, String method, String resource, Object spend, Decision allowed) {
        BigDecimal amount = amount(spend);
        Instant now = clock.instant();
        List<Ledger.Charge> charges = new ArrayList<>();
        for (List<Limits> level : caller.limits(scope, resource)) {
            Limits chosen = null;
            Outcome refused = null;
            for (Limits candidate : level) {
                Outcome problem = refusal(candidate, amount, now);
                if (problem == null) {
                    chosen = candidate;
                    break;
                }
                refused = refused == null ? problem : refused;
            }
            if (chosen == null) {
                return refused;
            }
            String counter = chosen.identity() + " " + chosen.rule();
            if (chosen.rate() != null) {
                charges.add(new Ledger.Charge(counter + " rate", "rate", chosen.rate(), BigDecimal.ONE, chosen.rule()));
            }
            if (chosen.budget() != null && amount != null) {
                charges.add(new Ledger.Charge(counter + " budget", "budget", chosen.budget(), amount, chosen.rule()));
            }
        }
        Ledger.LeaseRequest lease = lease(caller, scope, resource);
        Deferral deferral = deferral(scope, amount);
        if (deferral == null) {
            return commit(charges, lease, now, Outcome.allow(allowed));
        }
        Ledger.Refusal early = ledger.check(charges, lease, now);
        if (early != null) {
            return refused(early);
        }
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
        return commit(charges, lease, clock.instant(), new Outcome(Outcome.Kind.DEFER_APPROVED,
                new Decision(true, asked + ", approved: " + verdict.reason(), deferral.rule()), ""));
    }

    private Outcome commit(List<Ledger.Charge> charges, Ledger.LeaseRequest lease, Instant now, Outcome passed) {
        Ledger.Refusal refusal = charges.isEmpty() && lease == null ? null : ledger.commit(charges, lease, now);
        return refusal == null ? passed : refused(refusal);
    }

    private static Outcome refused(Ledger.Refusal refusal) {
        return Outcome.deny(new Decision(false, refusal.reason(), refusal.rule()), refusal.allowed());
    }

    /** Why one grant's own limits refuse the call now, and what they would allow, or {@code null}. */
    private static Outcome refusal(Limits limits, BigDecimal amount, Instant now) {
        if (limits.expires() != null && !now.isBefore(limits.expires())) {
            return Outcome.deny(new Decision(false, "grant expired at " + limits.expires(), limits.rule()), "");
        }
        if (limits.active() != null && !limits.active().contains(now)) {
            Instant opens = limits.active().nextStart(now);
            return Outcome.deny(new Decision(false, "outside active hours " + limits.active().text(), limits.rule()),
                    opens == null ? "" : "next active from " + opens);
        }
        if (limits.maxPerCall() != null && amount != null && amount.compareTo(limits.maxPerCall()) > 0) {
            return Outcome.deny(new Decision(false, "max-per-call " + limits.maxPerCall().toPlainString() + " exceeded: "
                    + amount.toPlainString() + " asked", limits.rule()),
                    "at most " + limits.maxPerCall().toPlainString() + " per call");
        }
        return null;
    }

    private Ledger.LeaseRequest lease(Authority caller, String scope, String resource) {
        Exclusive exclusive = policy.exclusive(scope);
        if (exclusive == null || exclusive.lease() == null || resource == null) {
            return null;
        }
        Set<String> family = new HashSet<>(caller.chain());
        family.add(caller.identity());
        return new Ledger.LeaseRequest(exclusive.rule() + " " + resource, caller.identity(), Set.copyOf(family),
                exclusive.lease(), exclusive.rule());
    }

    private Deferral deferral(String scope, BigDecimal amount) {
        for (Deferral deferral : policy.deferrals(scope)) {
            if (deferral.applies(amount)) {
                return deferral;
            }
        }
        return null;
    }

    /** Asks the registered governor on a thread of Charter's own, waiting at most the timeout. */
    private static Governor.Verdict review(Governor.Deferral deferral, Duration governorTimeout) {
        Governor governor = Gate.governor();
        if (governor == null) {
            return Governor.Verdict.refuse("no governor is registered (Charter.governor)");
        }
        Future<Governor.Verdict> answer = REVIEWS.submit(() -> governor.review(deferral));
        try {
            Governor.Verdict verdict = answer.get(governorTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return verdict != null ? verdict : Governor.Verdict.refuse("the governor gave no verdict");
        } catch (TimeoutException e) {
            answer.cancel(true);
            return Governor.Verdict.refuse("the governor did not answer within " + governorTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Governor.Verdict.refuse("the governor failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return Governor.Verdict.refuse("interrupted while waiting for the governor");
        }
    }

    /** The {@code @Spends} argument as an exact amount, or {@code null} when the action spends nothing. */
    static BigDecimal amount(Object spend) {
        if (spend instanceof BigDecimal exact) {
            return exact;
        }
        if (spend instanceof Double || spend instanceof Float) {
            return BigDecimal.valueOf(((Number) spend).doubleValue());
        }
        return spend instanceof Number whole ? BigDecimal.valueOf(whole.longValue()) : null;
    }
}
