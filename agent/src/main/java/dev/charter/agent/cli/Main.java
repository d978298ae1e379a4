package dev.charter.agent.cli;

import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code java -jar charter-agent.jar <command>}: {@code check} validates a policy and reports what it
 * finds in it (and, with {@code --scan}, against the application's classes); {@code explain} shows how
 * it decides one call. Exit 0: clean or allowed; 1: findings or denied; 2: unusable input.
 */
public final class Main {

    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int UNUSABLE = 2;

    private static final String USAGE = """
            usage: java -jar charter-agent.jar check <policy.yaml> [--scan <app.jar|classes-dir> ...] [--format text|json]
                   java -jar charter-agent.jar explain <policy.yaml> <identity> <scope> [<resource>] [--spend <amount>]
                   java -jar charter-agent.jar keygen <issuer> [--out <file.key>]""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return UNUSABLE;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "check" -> check(Arguments.parse(rest, Set.of("format"), Set.of("scan"), 1, 1), out, err);
                case "explain" -> explain(Arguments.parse(rest, Set.of("spend"), Set.of(), 3, 4), out, err);
                case "keygen" -> keygen(Arguments.parse(rest, Set.of("out"), Set.of(), 1, 1), out, err);
                default -> throw new Arguments.Unusable("unknown command '" + args.get(0) + "'");
            };
        } catch (Arguments.Unusable e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return UNUSABLE;
        }
    }

    private static int check(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
        String format = arguments.value("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new Arguments.Unusable("unknown format '" + format + "' (text or json)");
        }
        boolean json = format.equals("json");
        String file = arguments.positional(0);
        Policy policy;
        try {
            policy = Policy.load(path(file));
        } catch (PolicyException e) {
            return unusable(Report.invalid(file, e.getMessage()), e.getMessage(), json, out, err);
        }
        List<String> paths = arguments.values("scan");
        ClassScanner.Result scan = null;
        if (!paths.isEmpty()) {
            List<Path> scanned = new ArrayList<>();
            for (String each : paths) {
                scanned.add(path(each));
            }
            try {
                scan = ClassScanner.scan(scanned, policy.actions());
            } catch (ClassScanner.Unreadable e) {
                return unusable(Check.unusable(policy, e.getMessage()), e.getMessage(), json, out, err);
            }
        }
        Report report = Check.run(policy, paths, scan);
        if (json) {
            out.println(report.json());
        } else {
            report.printText(out);
        }
        return report.hasFindings() ? FINDINGS : OK;
    }

    private static int unusable(Report report, String message, boolean json, PrintStream out, PrintStream err) {
        err.println(message);
        if (json) {
            out.println(report.json());
        }
        return UNUSABLE;
    }

    private static int explain(Arguments arguments, PrintStream out, PrintStream err) throws Arguments.Unusable {
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
        boolean allowed = Explain.run(policy, arguments.positional(1), scope, arguments.positional(3), spend, out);
        return allowed ? OK : FINDINGS;
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
