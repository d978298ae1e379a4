package dev.charter.agent.policy;

/** What the agent does with a refusal; the policy's {@code mode} key. */
public enum Mode {

    /** {@code mode: enforce}, the default: a refused action throws and its body never runs. */
    ENFORCE,

    /** {@code mode: audit}: every action is decided and recorded, and none is blocked. */
    AUDIT
}
