package dev.charter.agent.cli;

import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyCases;
import dev.charter.agent.policy.PolicyException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar charter-agent.jar <command>}: {@code check} validates a policy and reports what it
 * finds in it (and, with {@code --scan}, against the application's classes); {@code explain} shows how
 * it decides one call; {@code test} runs a policy's unit tests; {@code diff} what an edit of a policy changes; {@code keygen}
 * makes an issuer's key for passports. Exit 0: clean, allowed or not
 * wider; 1: findings, denied or wider; 2: unusable input; 3: deferred to governance (allowed only if
 * approved). {@code --help} and {@code help <command>} print usage.
 */
public final class Main {

    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int UNUSABLE = 2;
    static final int DEFERRED = 3;

    /** Each command's usage and what it does, in the order {@code --help} lists them. */
    private static final Map<String, String> COMMANDS = commands();

    private static Map<String, String> commands() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("check", """
                check <policy.yaml> [--scan <app.jar|classes-dir> ...] [--format text|json|sarif]
                    Validates the policy and reports findings: authority overlaps, delegates granted more than
                    their principal and, with --scan, grants no scanned action uses, actions no one may run,
                    limits that never apply, actions entries that match nothing or do not fit.
                    Exit 0 clean, 1 findings, 2 invalid.""");
        commands.put("explain", """
                explain <policy.yaml> <identity> <scope> [<resource>] [--spend <amount>]
                    Shows the decision on one call and the chain of rules behind it.
                    Exit 0 allowed, 1 refused, 3 deferred to governance, 2 bad input.""");
        commands.put("test", """
                test <policy.yaml> <cases.yaml>
                    Runs the policy's unit tests with the agent's decision code, a clock set per case:
                    one line per failing case, then "N passed, M failed". Exit 0 when all pass, 1 when
                    some fail, 2 bad input.""");
        commands.put("diff", """
                diff <old.yaml> <new.yaml> [--scan <app.jar|classes-dir> ...] [--format text|json]
                    Lists the authority each identity gains and loses, limits and governance that loosen or
                    tighten, and new overlaps and findings. Exit 0 when nothing widens, 1 when something
                    widens, 2 bad input.""");
        commands.put("revoke", """
                revoke --ledger redis://host:port <identity> [--for 1h] [--reason "..."] [--namespace charter]
                    Makes every JVM on that Redis ledger refuse the identity, its delegates and its sessions
                    within a second. Exit 0 done, 2 bad arguments or a ledger that cannot be reached.""");
        commands.put("unrevoke", """
                unrevoke --ledger redis://host:port <identity> [--namespace charter]
                    Lifts a revocation. Exit 0 done, 2 bad arguments or a ledger that cannot be reached.""");
        commands.put("keygen", """
                keygen <issuer> [--out <file.key>]
                    Writes a new Ed25519 private key for the issuer (PKCS#8 PEM, owner-only, never over an
                    existing file; default <issuer with ':' as '-'>.key) and prints the line that trusts it,
                    to paste under trust: issuers:. Exit 0 written, 2 bad input or not written.""");
        commands.put("help", """
                help [<command>]
                    Prints this usage, or one command's.""");
        return commands;
    }

    private static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar charter-agent.jar <command> ...\n");
        COMMANDS.values().forEach(text -> usage.append('\n').append(text.strip().indent(2)));
        return usage.toString().stripTrailing();
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    /** Runs a command; {@code explain} decides at {@code clock}'s now. */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        if (args.isEmpty()) {
            err.println(usage());
            return UNUSABLE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            return help(List.of(command), out, err);
        }
        try {
            return switch (command) {
                case "check" -> check(Arguments.parse(rest, Set.of("format"), Set.of("scan"), 1, 1), out, err);
                case "explain" -> explain(Arguments.parse(rest, Set.of("spend"), Set.of(), 3, 4), clock, out, err);
                case "test" -> test(Arguments.parse(rest, Set.of(), Set.of(), 2, 2), out, err);
                case "diff" -> diff(Arguments.parse(rest, Set.of("format"), Set.of("scan"), 2, 2), out, err);
                case "revoke" -> Revoke.revoke(Arguments.parse(rest, Set.of("ledger", "namespace", "for", "reason"),
                        Set.of(), 1, 1), out, err);
                case "unrevoke" -> Revoke.unrevoke(Arguments.parse(rest, Set.of("ledger", "namespace"), Set.of(), 1, 1),
                        out, err);
                case "keygen" -> keygen(Arguments.parse(rest, Set.of("out"), Set.of(), 1, 1), out, err);
                case "help", "--help", "-h" -> help(rest, out, err);
                default -> throw new Arguments.Unusable("unknown command '" + command + "'");
            };
        } catch (Arguments.Unusable e) {
            err.println(e.getMessage());
            err.println(COMMANDS.containsKey(command) ? "usage: java -jar charter-agent.jar " + COMMANDS.get(command)
                    : usage());
            return UNUSABLE;
        }
    }

    private static int help(List<String> topics, PrintStream out, PrintStream err) {
        if (topics.isEmpty()) {
            out.println(usage());
            return OK;
        }
        String text = COMMANDS.get(topics.get(0));
        if (text == null || topics.size() > 1) {
            err.println("no help for '" + String.join(" ", topics) + "'");
            err.println(usage());
            return UNUSABLE;
        }
        out.println("usage: java -jar charter-agent.jar " + text);
        return OK;
    }

    private static int check(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        String format = format(arguments, "text", "json", "sarif");
        Checked checked = checked(arguments.positional(0), arguments.values("scan"));
        Report report = checked.report();
        if (checked.problem() != null) {
            err.println(checked.problem());
        }
        switch (format) {
            case "json" -> out.println(report.json());
            case "sarif" -> out.println(report.sarif());
            default -> report.printText(out);
        }
        return checked.problem() != null ? UNUSABLE : report.hasFindings() ? FINDINGS : OK;
    }

    /** A policy and {@code check}'s report of it; {@code problem} says why it or the paths to scan cannot be used. */
    private record Checked(Policy policy, Report report, String problem) {
    }

    private static Checked checked(String file, List<String> paths) throws Arguments.Unusable {
        Policy policy;
        try {
            policy = Policy.load(path(file));
        } catch (PolicyException e) {
            return new Checked(null, Report.invalid(file, e.getMessage()), e.getMessage());
        }
        ClassScanner.Result scan = null;
        if (!paths.isEmpty()) {
            List<Path> scanned = new ArrayList<>();
            for (String each : paths) {
                scanned.add(path(each));
            }
            try {
                scan = ClassScanner.scan(scanned, policy.actions());
            } catch (ClassScanner.Unreadable e) {
                return new Checked(policy, Check.unusable(policy, e.getMessage()), e.getMessage());
            }
        }
        return new Checked(policy, Check.run(policy, paths, scan), null);
    }

    private static int test(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        Policy policy;
        List<PolicyCases.Case> cases;
        try {
            policy = Policy.load(path(arguments.positional(0)));
            cases = PolicyCases.load(path(arguments.positional(1)));
        } catch (PolicyException e) {
            err.println(e.getMessage());
            return UNUSABLE;
        }
        return PolicyTests.run(policy, cases, out) == 0 ? OK : FINDINGS;
    }

    private static int diff(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        boolean json = format(arguments, "text", "json").equals("json");
        List<String> paths = arguments.values("scan");
        Checked before = checked(arguments.positional(0), paths);
        Checked after = checked(arguments.positional(1), paths);
        for (Checked each : List.of(before, after)) {
            if (each.problem() != null) {
                err.println(each.problem());
                return UNUSABLE;
            }
        }
        List<Diff.Change> changes = Diff.run(before.policy(), after.policy(), before.report(), after.report());
        if (json) {
            out.println(Diff.json(arguments.positional(0), arguments.positional(1), changes));
        } else {
            Diff.printText(arguments.positional(0), arguments.positional(1), changes, out);
        }
        return Diff.widens(changes) ? FINDINGS : OK;
    }

    private static String format(Arguments arguments, String... formats) throws Arguments.Unusable {
        String format = arguments.value("format", formats[0]);
        if (!List.of(formats).contains(format)) {
            throw new Arguments.Unusable("unknown format '" + format + "' (" + String.join(", ", formats) + ")");
        }
        return format;
    }

    private static int explain(Arguments arguments, Clock clock, PrintStream out, PrintStream err)
            throws Arguments.Unusable {
        String scope = arguments.positional(2);
        String problem = Policy.checkActionScope(scope);
        if (problem != null) {
            throw new Arguments.Unusable("invalid scope: " + problem);
        }
        BigDecimal spend = null;
        String amount = arguments.value("spend", null);
        if (amount != null) {
            try {
                spend = new BigDecimal(amount.trim().toUpperCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                throw new Arguments.Unusable("--spend: '" + amount + "' is not a number");
            }
        }
        Policy policy;
        try {
            policy = Policy.load(path(arguments.positional(0)));
        } catch (PolicyException e) {
            err.println(e.getMessage());
            return UNUSABLE;
        }
        return switch (Explain.run(policy, arguments.positional(1), scope, arguments.positional(3), spend, clock, out)) {
            case ALLOW, DEFER_APPROVED -> OK;
            case DEFER -> DEFERRED;
            case DENY, DEFER_DENIED -> FINDINGS;
        };
    }

    private static int keygen(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        return Keygen.run(arguments.positional(0), arguments.value("out", null), out, err);
    }

    private static Path path(String name) throws Arguments.Unusable {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new Arguments.Unusable("'" + name + "' is not a path: " + e.getReason());
        }
    }
}
