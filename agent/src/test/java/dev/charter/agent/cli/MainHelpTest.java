package dev.charter.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help}, {@code help <command>} and usage on bad arguments. */
class MainHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void help_printsEveryCommandToStandardOutput_exit0(String flag) {
        Cli.Run run = Cli.run(flag);
        assertEquals(0, run.exit(), run::toString);
        for (String command : new String[] {"check", "explain", "diff", "help"}) {
            assertTrue(run.out().contains("\n  " + command + " "), command + " in\n" + run.out());
        }
        assertEquals("", run.err());
    }

    @Test
    void helpCommand_printsThatCommandsUsageOnly() {
        Cli.Run run = Cli.run("help", "diff");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().startsWith("usage: java -jar charter-agent.jar diff <old.yaml> <new.yaml>"), run.out());
        assertTrue(!run.out().contains("explain <policy.yaml>"), run.out());
    }

    @Test
    void commandWithHelpFlag_printsThatCommandsUsage() {
        Cli.Run run = Cli.run("check", "--help");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().startsWith("usage: java -jar charter-agent.jar check <policy.yaml>"), run.out());
    }

    @Test
    void helpOnUnknownCommand_isUnusable() {
        Cli.Run run = Cli.run("help", "frobnicate");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("no help for 'frobnicate'"), run.err());
    }

    @Test
    void unknownCommand_printsFullUsage_exit2() {
        Cli.Run run = Cli.run("frobnicate");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().startsWith("unknown command 'frobnicate'\nusage: java -jar charter-agent.jar <command>"),
                run.err());
        assertEquals("", run.out());
    }

    @Test
    void badArgumentsOfOneCommand_printThatCommandsUsage() {
        Cli.Run run = Cli.run("diff", "only-one.yaml");
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().startsWith("missing arguments\nusage: java -jar charter-agent.jar diff "), run.err());
    }
}
