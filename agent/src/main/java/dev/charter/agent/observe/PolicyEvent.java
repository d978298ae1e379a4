package dev.charter.agent.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;

/**
 * The policy in force, at the start and end of every chunk of a recording, so that each recording
 * says which policy its decisions were made under, whenever that policy was loaded.
 */
@Name("dev.charter.Policy")
@Label("Charter Policy")
@Category("Charter")
@Description("The Charter policy in force")
@Period("everyChunk")
final class PolicyEvent extends Event {

    @Label("File")
    String file;

    @Label("Version")
    @Description("The first 12 hex digits of the SHA-256 of the file's bytes")
    String version;

    @Label("Mode")
    String mode;

    @Label("Identities")
    int identities;

    @Label("Reloads")
    long reloads;

    @Label("Rejections")
    long rejections;

    @Label("Allows Counted")
    @Description("Whether every allowed call is recorded (audit-allows=true)")
    boolean allowsCounted;
}
