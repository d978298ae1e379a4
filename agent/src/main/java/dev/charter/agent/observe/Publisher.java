package dev.charter.agent.observe;

/**
 * Publishes a {@link Status} on a daemon thread of its own, so that start-up waits for neither:
 * to Flight Recorder as a periodic {@link PolicyEvent}, and to JMX as {@link CharterMXBean}.
 * A JDK without module {@code jdk.jfr} or {@code java.management} only goes without that part.
 */
final class Publisher {

    static final String THREAD = "charter-observe";

    private Publisher() {
    }

    static void start(Status status) {
        Thread thread = new Thread(THREAD) {
            @Override
            public void run() {
                publish(status);
            }
        };
        thread.setDaemon(true);
        thread.start();
    }

    private static void publish(Status status) {
        if (ObservedLog.JFR) {
            try {
                Jfr.describeEveryChunk(status);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("charter: no Flight Recorder description of the policy: " + e);
            }
        }
        if (ModuleLayer.boot().findModule("java.management").isPresent()) {
            try {
                Jmx.registerWhenServerExists(status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | LinkageError e) {
                System.err.println("charter: cannot register " + Jmx.NAME + ": " + e);
            }
        }
    }
}
