package dev.charter.agent.instrument;

import dev.charter.Gate;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;

/**
 * The code inlined at the entry of every scoped method: one static call with the action id as a
 * constant, and a second, which boxes the arguments, only when the first cannot allow the call.
 * Exceptions are not suppressed: a refusal, or any failure to decide, stops the call.
 */
final class EntryAdvice {

    private EntryAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Action int action, @Resource Object resource, @Spend Object spend) {
        if (!Gate.allows(action)) {
            Gate.decide(action, resource, spend);
        }
    }

    /** The action's id, resolved when the method is rewritten. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Action {
    }

    /** The {@code @ActsOn} argument, or {@code null}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Resource {
    }

    /** The {@code @Spends} argument, or {@code null}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Spend {
    }
}
