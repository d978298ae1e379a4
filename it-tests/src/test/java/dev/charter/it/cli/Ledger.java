package dev.charter.it.cli;

import dev.charter.ScopedAction;

/** Scanned by CommandLineIT, never run: an action that only a delegate is granted, which its principal lacks. */
public class Ledger {

    @ScopedAction("ledger:write")
    public void write(String entry) {
        entry.length();
    }
}
