package dev.charter.it.cli;

import dev.charter.ScopedAction;

/** Scanned by CommandLineIT, never run: an action whose scope is a pattern. */
public class Shredder {

    @ScopedAction("archive:*")
    public void shredEverything() {
    }
}
