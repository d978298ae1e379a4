package dev.charter.agent.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How much may happen in a fixed window: a grant's {@code budget} (an amount of spend) or its
 * {@code rate} (a number of calls). Windows follow one another without overlap, aligned to the epoch
 * in UTC (a {@code 1d} window runs from midnight to midnight UTC); the count starts again at each.
 *
 * @param limit the most that may be spent, or the most calls that may be made, in one window; positive
 * @param per   the length of the window; positive
 * @param text  the window as the policy writes it, {@code limit/per}, for messages: {@code "2000/1d"}, {@code "10/1m"}
 */
public record Window(BigDecimal limit, Duration per, String text) {

    /** Checks that every part is present. */
    public Window {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(text, "text");
    }
}
