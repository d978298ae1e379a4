package dev.charter.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The agent's entry points. Puts the API and the gate where every class loader finds them, then
 * starts enforcing. A policy that is missing or invalid at launch stops the JVM before {@code main}.
 */
public final class CharterAgent {

    /** The exit status of a JVM that Charter stopped at launch (sysexits' EX_CONFIG). */
    static final int STOPPED = 78;

    private CharterAgent() {
    }

    /**
     * Sets Byte Buddy's switches before its classes initialise. The agent jar relocates Byte Buddy,
     * and the names of its properties with it, so these set the agent's copy and never the
     * application's: {@code safe} keeps it off {@code sun.misc.Unsafe} (which JDK 24+ warns about;
     * the agent injects no classes), and {@code charter.dump=DIR} writes every rewritten class to DIR,
     * which it creates if need be (Byte Buddy writes nothing into a directory that does not exist).
     */
    private static void configureByteBuddy() throws IOException {
        if (System.getProperty("net.bytebuddy.safe") == null) {
            System.setProperty("net.bytebuddy.safe", "true");
        }
        String dump = System.getProperty("charter.dump");
        if (dump != null && System.getProperty("net.bytebuddy.dump") == null) {
            try {
                Files.createDirectories(Path.of(dump));
            } catch (IOException | InvalidPathException e) {
                throw new IOException("cannot create the directory of -Dcharter.dump=" + dump + ": " + e, e);
            }
            System.setProperty("net.bytebuddy.dump", dump);
        }
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
        configureByteBuddy();
        // first, so that no dev.charter class resolves from anywhere else
        boolean onBootstrap = SharedClasses.install(instrumentation);
        Startup.run(arguments, instrumentation, onBootstrap, attaching);
    }
}
