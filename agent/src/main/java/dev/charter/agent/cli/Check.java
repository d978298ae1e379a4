package dev.charter.agent.cli;

import dev.charter.agent.policy.ActionTarget;
import dev.charter.agent.policy.Coverage;
import dev.charter.agent.policy.FrameworkBinding;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Narrowed;
import dev.charter.agent.policy.Overlap;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.Trust;
import dev.charter.agent.policy.WrittenGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The findings of {@code check} on a valid policy and, when {@code --scan} was given, the actions
 * scanned: delegates granted more than their principal; scanned actions with an invalid scope, that
 * the agent refuses on every call (conflicting declarations, arguments that do not fit), or that no
 * identity may run; grants that no scanned action uses; {@code actions} entries that match
 * no scanned method; {@code propagate} targets that send passports over plain http to another
 * host; {@code bind} entries that take identities from passports when no issuer is trusted. Overlaps on exclusive scopes with a
 * lease are information: leases settle them at run time (without a lease the policy is invalid).
 */
final class Check {

    private final Policy policy;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Finding> information = new ArrayList<>();

    private Check(Policy policy) {
        this.policy = policy;
    }

    /** Checks {@code policy}; {@code scan} is {@code null} when nothing was scanned. */
    static Report run(Policy policy, List<String> paths, ClassScanner.Result scan) {
        Check check = new Check(policy);
        check.narrowed();
        Report.Scanned scanned = null;
        if (scan != null) {
            check.actions(scan.actions());
            check.unmatched(scan.matchedEntries());
            scanned = new Report.Scanned(paths, scan.classes(), scan.actions().size());
        }
        check.ungoverned();
        check.cleartextPassports();
        check.untrustedBindings();
        check.overlaps();
        return Report.of(policy.file(), policy.identities().size(), mode(policy), scanned, check.findings,
                check.information);
    }

    /** The report of valid {@code policy} when what was to be scanned could not be: {@code error} says why. */
    static Report unusable(Policy policy, String error) {
        return Report.unusable(policy.file(), policy.identities().size(), mode(policy), error);
    }

    private static String mode(Policy policy) {
        return policy.mode().name().toLowerCase(Locale.ROOT);
    }

    private void narrowed() {
        for (Narrowed narrowed : policy.narrowed()) {
            WrittenGrant grant = narrowed.grant();
            String example = narrowed.scope() + (narrowed.resource() == null ? " naming no resource"
                    : grant.resources().isEmpty() && policy.coverage(narrowed.principal(), narrowed.scope()) == Coverage.NONE
                    ? "" : " on " + narrowed.resource());
            String message = grant.identity() + ": grant " + describe(grant)
                    + (narrowed.unusable()
                    ? " lies outside the authority of principal " + narrowed.principal() + ", so it can never be used"
                    : " reaches beyond the authority of principal " + narrowed.principal() + ", so it does less than written")
                    + " (e.g. " + example + " is refused)";
            findings.add(new Finding(Finding.Kind.NARROWED_DELEGATE, grant.rule(), message, grant.rule(), facts(
                    "identity", grant.identity(), "principal", narrowed.principal(), "scope", narrowed.scope(),
                    "resource", narrowed.resource(), "unusable", narrowed.unusable())));
        }
    }

    private void actions(List<ScannedAction> actions) {
        Set<String> scopes = new LinkedHashSet<>();
        List<Finding> unrunnable = new ArrayList<>();
        for (ScannedAction action : actions) {
            if (action.refusal() != null) {
                Map<String, Object> facts = facts(action);
                facts.put("problem", action.refusal());
                findings.add(new Finding(Finding.Kind.REFUSED_ACTION, action.where(),
                        action.name() + ": " + action.refusal(), action.rule(), facts));
                continue;
            }
            String problem = Policy.checkActionScope(action.scope());
            if (problem != null) {
                Map<String, Object> facts = facts(action);
                facts.put("problem", problem);
                findings.add(new Finding(Finding.Kind.INVALID_ACTION_SCOPE, action.where(),
                        action.name() + ": " + problem + from(action), action.rule(), facts));
                continue;
            }
            scopes.add(action.scope());
            if (policy.identities().stream().allMatch(identity -> policy.coverage(identity, action.scope()) == Coverage.NONE)) {
                unrunnable.add(new Finding(Finding.Kind.UNRUNNABLE_ACTION, action.where(), action.name()
                        + ": no identity may run its scope '" + action.scope() + "'" + from(action), action.rule(), facts(action)));
            }
        }
        findings.addAll(unrunnable);
        for (WrittenGrant grant : policy.grants()) {
            Predicate<String> implies = Policy.scopePattern(grant.scope());
            String spendLimits = spendLimits(grant);
            if (!spendLimits.isEmpty()) {
                unappliedLimits(grant, spendLimits, implies, actions);
            }
            if (scopes.stream().noneMatch(implies)) {
                findings.add(new Finding(Finding.Kind.UNUSED_GRANT, grant.rule(),
                        grant.identity() + ": grant " + describe(grant) + " is used by no scanned action", grant.rule(),
                        facts("identity", grant.identity(), "scope", grant.scope(), "resources", grant.resources())));
            }
        }
    }

    /** The grant's limits on spending, as written ({@code max-per-call 500, budget 2000/1d}), or empty. */
    private String spendLimits(WrittenGrant grant) {
        List<String> parts = new ArrayList<>();
        for (Limits limits : policy.limitsOf(grant)) {
            if (limits.rule().equals(grant.rule())) {
                if (limits.maxPerCall() != null) {
                    parts.add("max-per-call " + limits.maxPerCall().toPlainString());
                }
                if (limits.budget() != null) {
                    parts.add("budget " + limits.budget().text());
                }
            }
        }
        return String.join(", ", parts);
    }

    /** A grant's max-per-call or budget over actions that name no amount: the limit never applies to them. */
    private void unappliedLimits(WrittenGrant grant, String spendLimits, Predicate<String> implies,
            List<ScannedAction> actions) {
        for (ScannedAction action : actions) {
            if (action.spends() < 0 && Policy.checkActionScope(action.scope()) == null && implies.test(action.scope())) {
                Map<String, Object> facts = facts(action);
                facts.put("identity", grant.identity());
                facts.put("grant", grant.rule());
                findings.add(new Finding(Finding.Kind.UNAPPLIED_LIMIT, grant.rule(), grant.identity() + ": the "
                        + spendLimits + " of grant " + describe(grant) + " never applies to " + action.name()
                        + ", which names no amount (add @Spends, or spends: to its actions entry)"
                        + from(action), grant.rule(), facts));
            }
        }
    }

    /** Authority two identities both hold on a scope that no exclusive or shared rule governs. */
    private void ungoverned() {
        for (Overlap overlap : policy.ungovernedOverlaps()) {
            findings.add(new Finding(Finding.Kind.OVERLAP, overlap.firstRule(), overlap.first() + " (" + overlap.firstRule()
                    + ") and " + overlap.second() + " (" + overlap.secondRule() + ") both hold " + overlap.scope()
                    + " on " + overlap.resource() + ", and neither acts for the other: govern it with exclusive: or "
                    + "acknowledge it with shared:", overlap.firstRule(), facts("first", overlap.first(), "firstRule",
                            overlap.firstRule(), "second", overlap.second(), "secondRule", overlap.secondRule(), "scope",
                            overlap.scope(), "resource", overlap.resource())));
        }
    }

    private void unmatched(Set<String> matched) {
        for (ActionTarget target : policy.actions()) {
            if (!matched.contains(target.rule())) {
                findings.add(new Finding(Finding.Kind.UNMATCHED_ENTRY, target.rule(), "the entry for " + target.target()
                        + " matches no scanned method", target.rule(), facts("target", target.target(),
                                "scope", target.scope())));
            }
        }
    }

    /**
     * A passport is a bearer token until it expires: sent over plain http to another host, anyone on
     * the way can replay it to its audience.
     */
    private void cleartextPassports() {
        if (policy.trust() == null) {
            return;
        }
        for (Trust.Propagate target : policy.trust().propagate()) {
            if (target.to().cleartextOffHost()) {
                findings.add(new Finding(Finding.Kind.CLEARTEXT_PASSPORT, target.rule(), "passports for "
                        + target.audience() + " go to '" + target.to() + "' over plain http: anyone on the way can"
                        + " replay them until they expire (use https, or a loopback host)", target.rule(),
                        facts("to", target.to().toString(), "audience", target.audience())));
            }
        }
    }

    /** A framework bound by passports with no trusted issuer refuses every tool call: no passport is ever admitted. */
    private void untrustedBindings() {
        if (policy.trust() != null && !policy.trust().issuers().isEmpty()) {
            return;
        }
        for (String framework : List.of("mcp")) {
            FrameworkBinding binding = policy.binding(framework);
            if (binding != null && binding.source() == FrameworkBinding.Source.PASSPORT) {
                findings.add(new Finding(Finding.Kind.UNTRUSTED_BINDING, binding.rule(), framework
                        + " tool calls take their identity from passports, but trust: issuers names none: every"
                        + " request runs its tools unbound, and each is refused", binding.rule(),
                        facts("framework", framework, "from", binding.source().written())));
            }
        }
    }

    private static Map<String, Object> facts(ScannedAction action) {
        return facts("class", action.type(), "method", action.method(), "scope", action.scope(), "source", action.source(),
                "file", action.file());
    }

    /** Where a scanned action's scope comes from, when not from its annotation. */
    private static String from(ScannedAction action) {
        return action.rule() == null ? "" : " (actions entry " + action.rule() + ")";
    }

    private void overlaps() {
        for (Overlap overlap : policy.overlaps()) {
            String lease = duration(overlap.exclusive().lease());
            information.add(new Finding(Finding.Kind.LEASED_OVERLAP, overlap.exclusive().rule(),
                    "exclusive '" + overlap.exclusive().pattern() + "' (lease " + lease + "): " + overlap.first() + " ("
                            + overlap.firstRule() + ") and " + overlap.second() + " (" + overlap.secondRule()
                            + ") both reach it, e.g. " + overlap.scope() + " on " + overlap.resource()
                            + "; whichever acts first on a resource holds it",
                    overlap.exclusive().rule(), facts("exclusive", overlap.exclusive().pattern(), "lease", lease,
                            "first", overlap.first(), "firstRule", overlap.firstRule(), "second", overlap.second(),
                            "secondRule", overlap.secondRule(), "scope", overlap.scope(), "resource", overlap.resource())));
        }
    }

    /** A grant as one writes it: {@code 'payments:*' on order/EU-*, order/US-*}. */
    private static String describe(WrittenGrant grant) {
        return "'" + grant.scope() + "'" + (grant.resources().isEmpty() ? "" : " on " + String.join(", ", grant.resources()));
    }

    /** A duration as the policy writes one: {@code 30s}, {@code 5m}, {@code 1d}, {@code 250ms}. */
    static String duration(Duration duration) {
        if (duration == null) {
            return null;
        }
        long millis = duration.toMillis();
        long[] units = {86_400_000, 3_600_000, 60_000, 1000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0 && millis > 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }

    private static Map<String, Object> facts(Object... pairs) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            facts.put((String) pairs[i], pairs[i + 1]);
        }
        return facts;
    }
}
