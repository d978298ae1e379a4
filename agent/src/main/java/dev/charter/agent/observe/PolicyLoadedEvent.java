package dev.charter.agent.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A policy taking effect while a recording runs; {@link PolicyEvent} says which policy is in force at any time. */
@Name("dev.charter.PolicyLoaded")
@Label("Charter Policy Loaded")
@Category("Charter")
@Description("A Charter policy took effect")
final class PolicyLoadedEvent extends Event {

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
    @Description("How many policies took effect after the first, this one included")
    long reloads;
}
