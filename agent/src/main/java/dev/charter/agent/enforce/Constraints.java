package dev.charter.agent.enforce;

import dev.charter.Gate;
import dev.charter.Governor;
import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.WrittenGrant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * What a call the policy allows must still pass: each level's grant limits (expiry, active hours,
 * max per call), rates and budgets along the chain, a lease on an exclusive resource, and approval
 * where governance defers. State changes only when the call passes all of them.
 */
final class Constraints {

    /** A decision and how the audit log names it: allow, deny, defer-approved or defer-denied. */
    record Outcome(Decision decision, String kind) {
    }

    /** One pool for the JVM, whatever the policy in force: reviews are rare. */
    private static final ExecutorService REVIEWS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "charter-governor");
        thread.setDaemon(true);
        return thread;
    });

    private final Policy policy;
    private final Ledger ledger;
    private final Clock clock;
    private final Duration governorTimeout;
    /** Per identity and grant line: the grant as written, which names its counters whatever the file's layout. */
    private final Map<String, String> written = new HashMap<>();

    Constraints(Policy policy, Ledger ledger, Clock clock, Duration governorTimeout) {
        for (WrittenGrant grant : policy.grants()) {
            written.put(grant.identity() + " " + grant.rule(), grant.identity() + " " + grant.scope() + " " + grant.resources());
        }
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
        this.governorTimeout = governorTimeout;
    }

    /** Applies everything beyond scope and resource to a call that {@code allowed} lets through. */
    Outcome apply(Authority caller, ActionSite site, String resource, Object spend, Decision allowed) {
        BigDecimal amount = amount(spend);
        Instant now = clock.instant();
        List<Ledger.Charge> charges = new ArrayList<>();
        for (List<Limits> level : caller.limits(site.scope(), resource)) {
            Limits chosen = null;
            Decision refused = null;
            for (Limits candidate : level) {
                Decision problem = refusal(candidate, amount, now);
                if (problem == null) {
                    chosen = candidate;
                    break;
                }
                refused = refused == null ? problem : refused;
            }
            if (chosen == null) {
                return new Outcome(refused, "deny");
            }
            String counter = written.getOrDefault(chosen.identity() + " " + chosen.rule(), chosen.identity() + " " + chosen.rule());
            if (chosen.rate() != null) {
                charges.add(new Ledger.Charge(counter + " rate " + chosen.rate().text(), "rate", chosen.rate(),
                        BigDecimal.ONE, chosen.rule()));
            }
            if (chosen.budget() != null && amount != null) {
                charges.add(new Ledger.Charge(counter + " budget " + chosen.budget().text(), "budget", chosen.budget(),
                        amount, chosen.rule()));
            }
        }
        Ledger.LeaseRequest lease = lease(caller, site.scope(), resource);
        Deferral deferral = deferral(site.scope(), amount);
        if (deferral == null) {
            return commit(charges, lease, now, allowed, "allow");
        }
        Ledger.Refusal early = ledger.check(charges, lease, now);
        if (early != null) {
            return new Outcome(new Decision(false, early.reason(), early.rule()), "deny");
        }
        Governor.Verdict verdict = review(new Governor.Deferral(caller.identity(), caller.chain(), site.scope(), resource,
                amount, site.method(), deferral.rule()));
        String asked = "deferred for approval" + (deferral.spendOver() == null ? "" : " (spend over "
                + deferral.spendOver().toPlainString() + ")");
        if (!verdict.approved()) {
            return new Outcome(new Decision(false, asked + ", refused: " + verdict.reason(), deferral.rule()), "defer-denied");
        }
        return commit(charges, lease, clock.instant(),
                new Decision(true, asked + ", approved: " + verdict.reason(), deferral.rule()), "defer-approved");
    }

    private Outcome commit(List<Ledger.Charge> charges, Ledger.LeaseRequest lease, Instant now, Decision allowed,
            String kind) {
        Ledger.Refusal refusal = charges.isEmpty() && lease == null ? null : ledger.commit(charges, lease, now);
        return refusal == null ? new Outcome(allowed, kind)
                : new Outcome(new Decision(false, refusal.reason(), refusal.rule()), "deny");
    }

    /** Why one grant's own limits refuse the call now, or {@code null}. */
    private static Decision refusal(Limits limits, BigDecimal amount, Instant now) {
        if (limits.expires() != null && !now.isBefore(limits.expires())) {
            return new Decision(false, "grant expired at " + limits.expires(), limits.rule());
        }
        if (limits.active() != null && !limits.active().contains(now)) {
            return new Decision(false, "outside active hours " + limits.active().text(), limits.rule());
        }
        if (limits.maxPerCall() != null && amount != null && amount.compareTo(limits.maxPerCall()) > 0) {
            return new Decision(false, "max-per-call " + limits.maxPerCall().toPlainString() + " exceeded: "
                    + amount.toPlainString() + " asked", limits.rule());
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
        // named by the rule as written, not its line: JVMs whose files differ in layout share the lease
        return new Ledger.LeaseRequest(exclusive.pattern() + " " + resource, caller.identity(), Set.copyOf(family),
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
    private Governor.Verdict review(Governor.Deferral deferral) {
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
