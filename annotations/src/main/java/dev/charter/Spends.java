package dev.charter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the numeric parameter of a {@link ScopedAction} ({@code int}, {@code long}, {@code double},
 * their boxes, or {@code BigDecimal}) that is the amount the action spends.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Spends {
}
