package dev.charter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as an action that needs the scope {@link #value()}.
 *
 * <p>With the Charter agent attached, the identity bound to the calling thread is checked against
 * the policy before the method body runs; a refusal throws {@link ScopeViolation}. Overrides and
 * implementations of an annotated method are checked too. Without the agent the annotation is inert.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ScopedAction {

    /** The scope this action needs: {@code :}-separated segments, for example {@code payments:refund}. */
    String value();
}
