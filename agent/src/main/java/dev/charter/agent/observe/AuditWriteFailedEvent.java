package dev.charter.agent.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A write to the audit file failed; its record waits in memory, or was given up when too many wait. */
@Name("dev.charter.AuditWriteFailed")
@Label("Charter Audit Write Failed")
@Category("Charter")
@Description("A record could not be written to the Charter audit file; it waits to be written")
final class AuditWriteFailedEvent extends Event {

    @Label("File")
    String file;

    @Label("Problem")
    String problem;

    @Label("Waiting")
    @Description("Records waiting in memory to be written")
    int waiting;

    @Label("Lost")
    @Description("Records given up so far because too many were waiting")
    long lost;
}
