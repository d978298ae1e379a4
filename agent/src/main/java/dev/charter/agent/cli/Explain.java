package dev.charter.agent.cli;

import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Policy;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code explain}: how the policy decides one call, from the same methods of {@link Policy} the agent
 * calls. The decision, then what each level of the chain decides from its own grants; with a spend,
 * the limits of the grants that allow it, level by level, the deferral that would ask the governor and
 * the lease an exclusive scope would take. Static facts only: what was spent or held so far, the time
 * of day and the governor's answer are the running agent's to know.
 */
final class Explain {

    private final Policy policy;
    private final String identity;
    private final String scope;
    private final String resource;
    private final PrintStream out;

    private Explain(Policy policy, String identity, String scope, String resource, PrintStream out) {
        this.policy = policy;
        this.identity = identity;
        this.scope = scope;
        this.resource = resource;
        this.out = out;
    }

    /** The most digits an amount is shown with, before or after its point, before scientific notation. */
    static final int PLAIN_DIGITS = 40;

    /**
     * Explains the call and returns whether it would be allowed; {@code scope} must be a valid action
     * scope and {@code spend} is {@code null} when none was given.
     */
    static boolean run(Policy policy, String identity, String scope, String resource, BigDecimal spend, PrintStream out) {
        return new Explain(policy, identity, scope, resource, out).explain(spend);
    }

    private boolean explain(BigDecimal spend) {
        Decision decision = policy.decide(identity, scope, resource);
        out.println((decision.allowed() ? "ALLOW " : "DENY ") + identity + " " + scope
                + (resource == null ? "" : " on " + resource) + ": " + reasoned(decision));
        List<Decision> levels = policy.levels(identity, scope, resource);
        List<String> names = names();
        for (int i = 0; i < levels.size(); i++) {
            out.println("  " + (i == 0 ? "" : "on behalf of ") + names.get(i) + ": " + reasoned(levels.get(i)));
        }
        if (!decision.allowed()) {
            return false;
        }
        if (spend == null) {
            if (policy.constrained(identity, scope)) {
                out.println("  limits or governance apply to this scope: add --spend <amount> to see them");
            }
            return true;
        }
        return limits(spend, names);
    }

    /** The identity, then its principals nearest first. */
    private List<String> names() {
        List<String> names = new ArrayList<>(List.of(identity));
        names.addAll(policy.chain(identity));
        return names;
    }

    /** Prints what a call spending {@code spend} would meet, and returns whether max-per-call lets it through. */
    private boolean limits(BigDecimal spend, List<String> names) {
        out.println("with spend " + amount(spend) + ":");
        List<List<Limits>> levels = policy.limits(identity, scope, resource);
        Decision refused = null;
        Set<String> checkedLater = new LinkedHashSet<>();
        for (int i = 0; i < levels.size(); i++) {
            List<Limits> level = levels.get(i);
            if (level.size() > 1) {
                out.println("  " + names.get(i) + ": the first of these " + level.size() + " grants that the call meets is charged");
            }
            Decision levelRefused = null;
            boolean met = false;
            for (Limits limits : level) {
                String exceeded = exceeded(limits, spend);
                met |= exceeded == null;
                if (levelRefused == null && exceeded != null) {
                    levelRefused = new Decision(false, exceeded, limits.rule());
                }
                checkedLater.addAll(checkedLater(limits));
                out.println("  " + names.get(i) + " (" + limits.rule() + "): " + describe(limits, spend, exceeded));
            }
            if (refused == null && !met) {
                refused = levelRefused;
            }
        }
        if (refused != null) {
            // the agent refuses here, before governance and leases
            out.println("DENY with spend " + amount(spend) + ": " + reasoned(refused));
            return false;
        }
        Deferral deferral = governance(spend);
        if (lease()) {
            checkedLater.add("the lease");
        }
        String verdict = (deferral != null ? "DEFER" : "ALLOW") + " with spend " + amount(spend);
        if (deferral != null) {
            verdict += ": the governor approves or refuses (" + deferral.rule() + ")";
        }
        if (!checkedLater.isEmpty()) {
            verdict += (deferral != null ? "; " : ": ") + "checked when it runs: " + String.join(", ", checkedLater);
        }
        out.println(verdict);
        return true;
    }

    /**
     * {@code spend} as written for a person: in full, or in scientific notation when that would run
     * past {@link #PLAIN_DIGITS} digits (an amount such as 1e999999999 would otherwise print a billion).
     */
    static String amount(BigDecimal spend) {
        boolean plain = spend.scale() <= PLAIN_DIGITS && spend.precision() - spend.scale() <= PLAIN_DIGITS;
        return plain ? spend.toPlainString() : spend.toString();
    }

    /** What of {@code limits} depends on what happened before the call, or on when it is made. */
    private static List<String> checkedLater(Limits limits) {
        List<String> later = new ArrayList<>();
        if (limits.budget() != null) {
            later.add("budgets");
        }
        if (limits.rate() != null) {
            later.add("rates");
        }
        if (limits.active() != null) {
            later.add("active hours");
        }
        if (limits.expires() != null) {
            later.add("expiry");
        }
        return later;
    }

    /** Why {@code limits} refuse {@code spend} by max-per-call, in the agent's words, or {@code null}. */
    private static String exceeded(Limits limits, BigDecimal spend) {
        return limits.maxPerCall() != null && spend.compareTo(limits.maxPerCall()) > 0
                ? "max-per-call " + limits.maxPerCall().toPlainString() + " exceeded: " + amount(spend) + " asked"
                : null;
    }

    private static String describe(Limits limits, BigDecimal spend, String exceeded) {
        if (limits.none()) {
            return "no limits";
        }
        List<String> parts = new ArrayList<>();
        if (limits.maxPerCall() != null) {
            parts.add(exceeded != null ? exceeded : "max-per-call " + limits.maxPerCall().toPlainString() + " met");
        }
        if (limits.budget() != null) {
            parts.add("budget " + limits.budget().text() + " charged " + amount(spend));
        }
        if (limits.rate() != null) {
            parts.add("rate " + limits.rate().text() + " charged 1 call");
        }
        if (limits.active() != null) {
            parts.add("active " + limits.active().text());
        }
        if (limits.expires() != null) {
            parts.add("expires " + limits.expires());
        }
        return String.join("; ", parts);
    }

    /** Prints the deferrals of the scope and returns the one that would ask the governor, or {@code null}. */
    private Deferral governance(BigDecimal spend) {
        for (Deferral deferral : policy.deferrals(scope)) {
            String when = deferral.spendOver() == null ? "always" : "spend over " + deferral.spendOver().toPlainString();
            if (deferral.applies(spend)) {
                out.println("  deferred (" + deferral.rule() + "): asks the governor for approval (" + when + ")");
                return deferral;
            }
            out.println("  not deferred (" + deferral.rule() + "): only " + when);
        }
        return null;
    }

    /** Prints what the scope's exclusive rule does to this call, and returns whether it takes a lease. */
    private boolean lease() {
        Exclusive exclusive = policy.exclusive(scope);
        if (exclusive == null) {
            return false;
        }
        String rule = "  exclusive '" + exclusive.pattern() + "' (" + exclusive.rule() + "): ";
        if (exclusive.lease() == null) {
            out.println(rule + "no lease; the policy itself keeps any other identity from holding it");
            return false;
        }
        if (resource == null) {
            out.println(rule + "the call names no resource, so it takes no lease");
            return false;
        }
        out.println(rule + identity + " would hold " + resource + " until " + Check.duration(exclusive.lease())
                + " after its last action; refused while another identity holds it, unless one acts on behalf of the other");
        return true;
    }

    private static String reasoned(Decision decision) {
        return decision.reason() + (decision.rule() == null ? "" : " (" + decision.rule() + ")");
    }
}
