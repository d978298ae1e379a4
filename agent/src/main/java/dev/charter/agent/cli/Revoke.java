package dev.charter.agent.cli;

import dev.charter.agent.ledger.LedgerCommands;
import dev.charter.agent.policy.Durations;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code revoke} and {@code unrevoke}: the kill switch of a fleet on a Redis ledger. Every JVM on
 * that ledger (and namespace) refuses the identity, its delegates and its sessions within a second.
 * Exit 0 when done; 2 for unusable arguments or a ledger that cannot be reached.
 */
final class Revoke {

    private Revoke() {
    }

    static int revoke(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        String length = arguments.value("for", null);
        Duration duration = null;
        if (length != null) {
            try {
                duration = Durations.parse(length);
            } catch (IllegalArgumentException e) {
                throw new Arguments.Unusable("--for " + e.getMessage());
            }
        }
        Duration chosen = duration;
        return run(err, out, () -> LedgerCommands.revoke(ledger(arguments), namespace(arguments),
                arguments.positional(0), chosen, arguments.value("reason", null)));
    }

    static int unrevoke(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        return run(err, out, () -> LedgerCommands.unrevoke(ledger(arguments), namespace(arguments),
                arguments.positional(0)));
    }

    private interface Command {
        String run() throws LedgerCommands.Unreachable, Arguments.Unusable;
    }

    private static int run(PrintStream err, PrintStream out, Command command) throws Arguments.Unusable {
        try {
            out.println(command.run());
            return Main.OK;
        } catch (IllegalArgumentException e) {
            throw new Arguments.Unusable("--ledger: " + e.getMessage());
        } catch (LedgerCommands.Unreachable e) {
            err.println(e.getMessage());
            return Main.UNUSABLE;
        }
    }

    private static String ledger(Arguments arguments) throws Arguments.Unusable {
        String ledger = arguments.value("ledger", null);
        if (ledger == null) {
            throw new Arguments.Unusable("--ledger redis://host:port is required");
        }
        return ledger;
    }

    private static String namespace(Arguments arguments) {
        return arguments.value("namespace", "charter");
    }
}
