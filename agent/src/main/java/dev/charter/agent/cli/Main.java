package dev.charter.agent.cli;

import dev.charter.agent.policy.Decision;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar charter-agent.jar <command>}: {@code check} validates a policy, {@code explain}
 * shows how it decides one request. Exit 0: clean or allowed; 1: findings or denied; 2: unusable input.
 */
public final class Main {

    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int UNUSABLE = 2;

    private static final String USAGE = """
            usage: java -jar charter-agent.jar check <policy.yaml>
                   java -jar charter-agent.jar explain <policy.yaml> <identity> <scope> [<resource>]""";

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
        try {
            return switch (args.get(0)) {
                case "check" -> args.size() == 2 ? check(Path.of(args.get(1)), out) : usage(err);
                case "explain" -> args.size() == 4 || args.size() == 5
                        ? explain(Policy.load(Path.of(args.get(1))), args.subList(2, args.size()), out)
                        : usage(err);
                default -> {
                    err.println("unknown command '" + args.get(0) + "'");
                    yield usage(err);
                }
            };
        } catch (PolicyException e) {
            err.println(e.getMessage());
            return UNUSABLE;
        }
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return UNUSABLE;
    }

    private static int check(Path file, PrintStream out) throws PolicyException {
        Policy policy = Policy.load(file);
        out.println(policy.file() + ": valid (" + policy.identities().size() + " identities, mode "
                + policy.mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
        return OK;
    }

    private static int explain(Policy policy, List<String> request, PrintStream out) {
        String identity = request.get(0);
        String scope = request.get(1);
        String resource = request.size() > 2 ? request.get(2) : null;
        String invalid = Policy.checkActionScope(scope);
        if (invalid != null) {
            out.println("invalid scope '" + scope + "': " + invalid);
            return UNUSABLE;
        }
        Decision decision = policy.decide(identity, scope, resource);
        out.println((decision.allowed() ? "ALLOW " : "DENY ") + identity + " " + scope
                + (resource == null ? "" : " on " + resource) + ": " + decision.reason()
                + (decision.rule() == null ? "" : " (" + decision.rule() + ")"));
        List<String> chain = policy.chain(identity);
        if (!chain.isEmpty()) {
            out.println("  acting on behalf of: " + String.join(" -> ", chain));
            for (String principal : chain) {
                Decision held = policy.decide(principal, scope, resource);
                out.println("  " + principal + ": " + (held.allowed() ? "holds it" : "does not hold it") + ", "
                        + held.reason() + (held.rule() == null ? "" : " (" + held.rule() + ")"));
            }
        }
        return decision.allowed() ? OK : FINDINGS;
    }
}
