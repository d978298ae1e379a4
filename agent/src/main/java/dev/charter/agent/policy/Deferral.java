package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A governance rule that defers matching actions to the registered governor for approval.
 *
 * @param rule      {@code file:line} of the rule's {@code scope} key
 * @param pattern   the scope pattern of the actions it defers, as written
 * @param spendOver the spend above which an action is deferred, or {@code null} when every action is
 *                  ({@code when: always}, the default)
 */
public record Deferral(String rule, String pattern, BigDecimal spendOver) {

    /** Checks that the rule and pattern are present. */
    public Deferral {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pattern, "pattern");
    }

    /**
     * Whether an action spending {@code spend} ({@code null} when it spends nothing) must wait for
     * approval: always, or when the spend is above {@link #spendOver}.
     */
    public boolean applies(BigDecimal spend) {
        return spendOver == null || spend != null && spend.compareTo(spendOver) > 0;
    }
}
