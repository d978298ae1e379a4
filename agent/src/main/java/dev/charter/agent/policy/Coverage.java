package dev.charter.agent.policy;

/**
 * How much of an action scope an identity holds, taking its principals into account; lets a
 * compiled table answer without a resource check where the answer cannot depend on the resource.
 *
 * @see Policy#coverage(String, String)
 */
public enum Coverage {

    /** Every resource, and actions that name none: {@link Policy#decide} allows whatever the resource. */
    ALL_RESOURCES,

    /** Some resources only: the answer depends on the resource, so ask {@link Policy#decide}. */
    SOME_RESOURCES,

    /** Nothing: {@link Policy#decide} refuses whatever the resource. */
    NONE
}
