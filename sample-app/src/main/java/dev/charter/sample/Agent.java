package dev.charter.sample;

/** A member of the crew: the identity it works under, and what it does in an hour of the trading day. */
interface Agent {

    String identity();

    /** Looks at the shop and calls tools through {@link Attempts}; a refusal is an answer, not a failure. */
    void workHour(int hour);
}
