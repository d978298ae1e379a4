package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.List;

/** The compiled {@code governance} rules of a policy: deferrals, exclusive and shared scopes, each in file order. */
final class Governance {

    private final Deferral[] deferrals;
    private final ScopePattern[] deferralPatterns;
    private final Exclusive[] exclusives;
    private final ScopePattern[] exclusivePatterns;
    private final ScopePattern[] sharedPatterns;

    /** Rules whose patterns, compiled, are at the same index as the rules. */
    Governance(List<Deferral> deferrals, List<ScopePattern> deferralPatterns, List<Exclusive> exclusives,
            List<ScopePattern> exclusivePatterns, List<ScopePattern> sharedPatterns) {
        this.deferrals = deferrals.toArray(new Deferral[0]);
        this.deferralPatterns = deferralPatterns.toArray(new ScopePattern[0]);
        this.exclusives = exclusives.toArray(new Exclusive[0]);
        this.exclusivePatterns = exclusivePatterns.toArray(new ScopePattern[0]);
        this.sharedPatterns = sharedPatterns.toArray(new ScopePattern[0]);
    }

    /**
     * Whether an overlap of two identities on the action scope {@code scope} is governed: an exclusive
     * rule settles it (or forbids it), a shared rule acknowledges it.
     */
    boolean governsOverlap(String scope) {
        if (exclusive(scope) != null) {
            return true;
        }
        for (ScopePattern pattern : sharedPatterns) {
            if (pattern.implies(scope)) {
                return true;
            }
        }
        return false;
    }

    /** The deferrals whose pattern implies the action scope {@code scope}, in file order. */
    List<Deferral> deferrals(String scope) {
        List<Deferral> matching = null;
        for (int i = 0; i < deferrals.length; i++) {
            if (deferralPatterns[i].implies(scope)) {
                if (matching == null) {
                    matching = new ArrayList<>();
                }
                matching.add(deferrals[i]);
            }
        }
        return matching == null ? List.of() : List.copyOf(matching);
    }

    /** The first exclusive rule whose pattern implies the action scope {@code scope}, or {@code null}. */
    Exclusive exclusive(String scope) {
        for (int i = 0; i < exclusives.length; i++) {
            if (exclusivePatterns[i].implies(scope)) {
                return exclusives[i];
            }
        }
        return null;
    }

    /** Whether some rule, deferral or exclusive, implies the action scope {@code scope}. */
    boolean matches(String scope) {
        for (ScopePattern pattern : deferralPatterns) {
            if (pattern.implies(scope)) {
                return true;
            }
        }
        return exclusive(scope) != null;
    }

    /** The deferrals, in file order. */
    List<Deferral> deferrals() {
        return List.of(deferrals);
    }

    /** The exclusive rules, in file order. */
    List<Exclusive> exclusives() {
        return List.of(exclusives);
    }

    /** The compiled pattern of {@code exclusives().get(index)}. */
    ScopePattern exclusivePattern(int index) {
        return exclusivePatterns[index];
    }
}
