package dev.charter.agent.audit;

/** Hears how the audit file's writes fare, to show it on JMX and Flight Recorder (stderr is the file's own). */
public interface AuditHealth {

    /** Hears nothing. */
    AuditHealth NONE = new AuditHealth() {
        @Override
        public void writeFailed(String file, String problem, int waiting, long lost) {
        }

        @Override
        public void writesResumed(String file) {
        }
    };

    /**
     * A write failed.
     *
     * @param problem why, on one line
     * @param waiting how many records now wait in memory to be written
     * @param lost how many records were given up so far, because too many were waiting
     */
    void writeFailed(String file, String problem, int waiting, long lost);

    /** Writes succeed again, and every waiting record is written. */
    void writesResumed(String file);
}
