package dev.charter;

import java.math.BigDecimal;
import java.util.List;

/**
 * Approves or refuses actions the policy defers to governance ({@code defer: approval}), before
 * they run. Register one with {@link Charter#governor(Governor)}; with none registered, deferred
 * actions are refused.
 *
 * <p>The agent calls {@link #review} on a thread of its own, with no identity bound, and waits for
 * the answer at most its {@code governor-timeout} (30 seconds unless configured); no answer in time
 * is a refusal, and so is an exception. The deferred call waits meanwhile.
 */
@FunctionalInterface
public interface Governor {

    /**
     * Reviews one deferred action.
     *
     * @return the verdict; {@code null} counts as a refusal
     * @throws Exception to refuse, with the exception as the reason
     */
    Verdict review(Deferral deferral) throws Exception;

    /**
     * An action waiting for approval.
     *
     * @param identity the identity asking
     * @param chain its principals, nearest first
     * @param scope the scope the action needs
     * @param resource the resource it touches, or {@code null}
     * @param spend the amount it spends, or {@code null}
     * @param method the method, as {@code com.acme.Refunds#refund(java.lang.String,long)}
     * @param rule the governance rule that deferred it ({@code file:line})
     */
    record Deferral(String identity, List<String> chain, String scope, String resource, BigDecimal spend,
            String method, String rule) {
    }

    /** The answer: approved or not, and why, as the audit log and a refusal will say. */
    record Verdict(boolean approved, String reason) {

        /** Approves, saying why. */
        public static Verdict approve(String reason) {
            return new Verdict(true, reason);
        }

        /** Refuses, saying why. */
        public static Verdict refuse(String reason) {
            return new Verdict(false, reason);
        }
    }
}
