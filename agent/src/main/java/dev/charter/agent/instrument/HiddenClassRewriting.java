package dev.charter.agent.instrument;

import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;

import dev.charter.HiddenClasses;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Rewrites hidden classes as they are defined: every way the JDK defines one (lambdas and method
 * references through the lambda metafactory, {@code Lookup.defineHiddenClass}) passes its class file
 * through one of {@code Lookup}'s {@code makeHiddenClassDefiner} methods, and their entry hands it
 * to {@link HiddenClasses}, which hands it to the {@link Rewriter}.
 */
public final class HiddenClassRewriting {

    private static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";
    private static final String DEFINER = "makeHiddenClassDefiner";
    private static final String CLASS_FILE = "(Ljava/lang/Object;[B)[B";
    /** Why these hooks are required: without them, a lambda or hidden class implementing a scoped method would not be checked. */
    private static final String HIDDEN = "lambdas and hidden classes would be defined without their checks";

    private HiddenClassRewriting() {
    }

    /** Hands hidden classes to {@code rewriter}; needs the API in the boot loader, where {@code java.base} can call it. */
    public static void install(Rewriter rewriter) {
        HiddenClasses.install(new Hidden(rewriter));
    }

    /** The rewriter's {@link Rewriter#hidden}: a class, where a method reference would be spun at every start. */
    private static final class Hidden implements BiFunction<Class<?>, byte[], byte[]> {
        private final Rewriter rewriter;

        Hidden(Rewriter rewriter) {
            this.rewriter = rewriter;
        }

        @Override
        public byte[] apply(Class<?> host, byte[] classFile) {
            return rewriter.hidden(host, classFile);
        }
    }

    /** The hooks into {@code Lookup} that call {@link HiddenClasses}. */
    public static List<Hook> hooks() {
        return List.of(
                // the class file is the first argument
                Hook.in(LOOKUP, DEFINER, "([B").atEntry(call("dev/charter/HiddenClasses", "classFile", CLASS_FILE,
                        THIS, argument(0)).replacing(0)).required(HIDDEN),
                // the class file is the second argument, after the class's name
                Hook.in(LOOKUP, DEFINER, "(Ljava/lang/String;[B").atEntry(call("dev/charter/HiddenClasses", "classFile",
                        CLASS_FILE, THIS, argument(1)).replacing(1)).required(HIDDEN));
    }
}
