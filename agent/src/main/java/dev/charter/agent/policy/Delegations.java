package dev.charter.agent.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Checks the {@code on-behalf-of} links of a policy: every principal is declared and no chain comes back on itself. */
final class Delegations {

    /** One {@code on-behalf-of}: {@code identity} acts for {@code principal}, written at {@code at}. */
    record Delegation(String identity, String principal, Node at) {
    }

    private Delegations() {
    }

    /**
     * Refuses an undeclared principal at its {@code on-behalf-of} value, then a cycle at the
     * {@code on-behalf-of} value of its member that comes first in {@code delegations} (file order).
     */
    static void check(List<Delegation> delegations, Set<String> declared, PolicySource source) throws PolicyException {
        Map<String, String> principalOf = new HashMap<>();
        for (Delegation delegation : delegations) {
            if (!declared.contains(delegation.principal())) {
                throw source.error(delegation.at(),
                        "principal " + Text.quote(delegation.principal()) + " is not declared in the policy");
            }
            principalOf.put(delegation.identity(), delegation.principal());
        }
        for (Delegation delegation : delegations) {
            List<String> path = new ArrayList<>(List.of(delegation.identity()));
            Set<String> seen = new HashSet<>(path);
            String next = delegation.principal();
            while (next != null && seen.add(next)) {
                path.add(next);
                next = principalOf.get(next);
            }
            if (delegation.identity().equals(next)) {
                path.add(next);
                throw source.error(delegation.at(), "delegation cycle: " + String.join(" -> ", path));
            }
        }
    }
}
