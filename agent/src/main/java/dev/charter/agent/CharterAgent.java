package dev.charter.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. Puts the API and the gate where every class loader finds them, then
 * starts enforcing. A policy that is missing or invalid at launch stops the JVM before {@code main}.
 */
public final class CharterAgent {

    /** The exit status of a JVM that Charter stopped at launch (sysexits' EX_CONFIG). */
    static final int STOPPED = 78;

    private CharterAgent() {
    }

    /** Called before {@code main} for {@code -javaagent}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        try {
            start(arguments, instrumentation, false);
        } catch (Exception | LinkageError e) {
            System.err.println("charter: " + e.getMessage());
            System.err.println("charter: stopping the JVM: Charter fails closed, nothing runs unchecked");
            System.err.flush();
            System.exit(STOPPED);
        }
    }

    /** Called when attached to a running JVM: a failure refuses the attach and leaves the JVM running. */
    public static void agentmain(String arguments, Instrumentation instrumentation) throws Exception {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean attaching) throws Exception {
        // first, so that no dev.charter class resolves from anywhere else
        boolean onBootstrap = SharedClasses.install(instrumentation);
        Startup.run(arguments, instrumentation, onBootstrap, attaching);
    }
}
