package dev.charter.agent.observe;

import dev.charter.agent.audit.AuditRecord;
import java.math.BigDecimal;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Charter's Flight Recorder events. Loaded only when the JDK has module {@code jdk.jfr}.
 *
 * <p>No event object is made before Flight Recorder is initialized (by a recording started with
 * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API): making the first instance
 * of an event class initializes JFR's event machinery, which costs a few hundred milliseconds.
 * Once it is initialized, an event that no recording enables costs a flag check.
 */
final class Jfr {

    private static volatile Status periodic;

    private Jfr() {
    }

    /** Whether Flight Recorder is initialized, so that events may be made. */
    static boolean on() {
        return FlightRecorder.isInitialized();
    }

    static void decision(AuditRecord record) {
        DecisionEvent event = new DecisionEvent();
        if (event.shouldCommit()) {
            event.identity = record.identity();
            event.chain = String.join(" -> ", record.chain());
            event.scope = record.scope();
            event.resource = record.resource();
            event.spend = spend(record.spend());
            event.decision = record.decision();
            event.reason = record.reason();
            event.rule = record.rule();
            event.method = record.method();
            event.commit();
        }
    }

    static void loaded(LoadedPolicy policy, long reloads) {
        PolicyLoadedEvent event = new PolicyLoadedEvent();
        if (event.shouldCommit()) {
            event.file = policy.file;
            event.version = policy.version();
            event.mode = policy.mode;
            event.identities = policy.identities;
            event.reloads = reloads;
            event.commit();
        }
    }

    static void rejected(String file, String problem) {
        PolicyRejectedEvent event = new PolicyRejectedEvent();
        if (event.shouldCommit()) {
            event.file = file;
            event.problem = problem;
            event.commit();
        }
    }

    static void auditWriteFailed(String file, String problem, int waiting, long lost) {
        AuditWriteFailedEvent event = new AuditWriteFailedEvent();
        if (event.shouldCommit()) {
            event.file = file;
            event.problem = problem;
            event.waiting = waiting;
            event.lost = lost;
            event.commit();
        }
    }

    /**
     * Has {@link PolicyEvent} describe {@code status}'s policy in every chunk, from when Flight
     * Recorder is initialized (now, if it is). Takes some milliseconds: call it off the start-up path.
     */
    static synchronized void describeEveryChunk(Status status) {
        boolean first = periodic == null;
        periodic = status;
        if (first) {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    FlightRecorder.addPeriodicEvent(PolicyEvent.class, Jfr::describe);
                }
            });
        }
    }

    private static void describe() {
        PolicyEvent event = new PolicyEvent();
        Status status = periodic;
        LoadedPolicy policy = status == null ? null : status.policy();
        if (policy == null || !event.shouldCommit()) {
            return;
        }
        event.file = policy.file;
        event.version = policy.version();
        event.mode = policy.mode;
        event.identities = policy.identities;
        event.reloads = status.getReloads();
        event.rejections = status.getRejections();
        event.allowsCounted = status.isAllowsCounted();
        event.commit();
    }

    private static String spend(Number spend) {
        if (spend == null) {
            return null;
        }
        if (spend instanceof BigDecimal exact) {
            return exact.toPlainString();
        }
        if (spend instanceof Double || spend instanceof Float) {
            double value = spend.doubleValue();
            return Double.isFinite(value) ? BigDecimal.valueOf(value).toPlainString() : String.valueOf(value);
        }
        return spend.toString();
    }
}
