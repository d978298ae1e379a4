package dev.charter.agent.passport;

import java.util.List;

/**
 * Whether an identity a passport names has been revoked (the fleet ledger's kill switch). Asked on
 * every binding of a passport, cached or not, so it must answer from memory.
 */
@FunctionalInterface
public interface Revocations {

    /** Nothing is revoked: the ledger in memory, whose kill switch is the policy file. */
    Revocations NONE = chain -> null;

    /**
     * Why the passport's chain may not act, or {@code null} if it may.
     *
     * @param chain the bound identity first, then its principals nearest first
     * @return a reason starting with {@code revoked}, naming who and why, or {@code null}
     */
    String revoked(List<String> chain);
}
