package dev.charter.agent.observe;

/**
 * Publishes a {@link Status} on a daemon thread of its own, so that start-up waits for neither:
 * to Flight Recorder as a periodic {@link PolicyEvent}, and to JMX as {@link CharterMXBean}, each once
 * it is there. The thread looks every {@link #POLL_MILLIS} for Flight Recorder to be initialized (by
 * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API) and every {@link Jmx#POLL_MILLIS}
 * for the platform MBean server; Charter starts neither. Until then it loads nothing of either: asking
 * Flight Recorder to call back when it starts costs a JVM that never records some 30 ms of CPU. The
 * counts are kept in the {@link Status} from the start, so nothing is lost by publishing late.
 * A JDK without module {@code jdk.jfr} or {@code java.management} only goes without that part.
 */
final class Publisher {

    static final String THREAD = "charter-observe";
    /** How often to look whether Flight Recorder has started. */
    static final long POLL_MILLIS = 100;

    private Publisher() {
    }

    static void start(Status status) {
        Thread thread = new Thread(THREAD) {
            @Override
            public void run() {
                try {
                    publish(status);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        thread.setDaemon(true);
        thread.start();
    }

    private static void publish(Status status) throws InterruptedException {
        boolean toJfr = ObservedLog.JFR;
        boolean toJmx = ModuleLayer.boot().findModule("java.management").isPresent();
        for (long tick = 0; toJfr || toJmx; tick++) {
            if (toJfr && Jfr.on()) {
                toJfr = false;
                try {
                    Jfr.describeEveryChunk(status);
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("charter: no Flight Recorder description of the policy: " + e);
                }
            }
            if (toJmx && tick % (Jmx.POLL_MILLIS / POLL_MILLIS) == 0) {
                try {
                    toJmx = !Jmx.registerIfServerExists(status);
                } catch (RuntimeException | LinkageError e) {
                    toJmx = false;
                    System.err.println("charter: cannot register " + Jmx.NAME + ": " + e);
                }
            }
            if (toJfr || toJmx) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }
}
