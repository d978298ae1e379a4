package dev.charter.sample;

import static java.util.stream.Collectors.joining;

import dev.charter.sample.Attempts.Attempt;
import dev.charter.sample.Attempts.Outcome;
import dev.charter.sample.Invariants.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The end-of-day report, as text for a person or as one JSON object for a machine: per agent what
 * it attempted and what became of it, the invariants, every call denied or deferred with the rule
 * behind it, and where the audit log is.
 */
final class Report {

    private final Map<String, List<Attempt>> byAgent = new TreeMap<>();
    private final List<Attempt> deniedOrDeferred;
    private final List<Check> checks;
    private final String auditLog;

    /** @param auditLog the audit log's path, or {@code null} when none was named */
    Report(List<Attempt> attempts, List<Check> checks, String auditLog) {
        attempts.forEach(attempt -> byAgent.computeIfAbsent(attempt.identity(), agent -> new ArrayList<>()).add(attempt));
        this.deniedOrDeferred = attempts.stream().filter(attempt -> attempt.outcome() != Outcome.ALLOWED).toList();
        this.checks = checks;
        this.auditLog = auditLog;
    }

    long broken() {
        return checks.stream().filter(check -> !check.holds()).count();
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append("One trading day at the shop, 09:00 to 17:00, worked by agents for user:ops-lead.\n\n");
        int width = byAgent.keySet().stream().mapToInt(String::length).max().orElse(5);
        text.append(String.format("%-" + width + "s  attempted  allowed  denied  deferred%n", "agent"));
        byAgent.forEach((agent, attempts) -> {
            long deferred = count(attempts, Attempt::deferred);
            text.append(String.format("%-" + width + "s  %9d  %7d  %6d  %8s%n", agent, attempts.size(),
                    count(attempts, is(Outcome.ALLOWED)), count(attempts, is(Outcome.DENIED)),
                    deferred == 0 ? "0" : deferred + " (" + count(attempts, is(Outcome.APPROVED)) + " approved)"));
        });
        text.append("\ninvariants\n");
        for (Check check : checks) {
            text.append(check.holds() ? "  holds   " : "  BROKEN  ").append(check.name()).append('\n');
            check.violations().forEach(violation -> text.append("          ").append(violation).append('\n'));
        }
        text.append(broken() == 0 ? "  all " + checks.size() + " hold\n" : "  " + broken() + " of " + checks.size() + " broken\n");
        text.append("\ndenied and deferred").append(deniedOrDeferred.isEmpty() ? ": none\n" : "\n");
        for (Attempt attempt : deniedOrDeferred) {
            text.append("  ").append(Shop.time(attempt.hour())).append("  ").append(attempt.identity()).append(": ")
                    .append(attempt.action()).append("\n         ").append(describe(attempt.outcome())).append(": ")
                    .append(attempt.reason()).append(attempt.rule() == null ? "" : " (" + attempt.rule() + ")").append('\n');
        }
        text.append("\naudit log: ").append(auditLog != null ? auditLog : "none (start the agent with audit=FILE to keep one)")
                .append('\n');
        return text.toString();
    }

    String json() {
        String agents = byAgent.entrySet().stream().map(agent -> "{\"identity\":" + quote(agent.getKey())
                + ",\"attempted\":" + agent.getValue().size()
                + ",\"allowed\":" + count(agent.getValue(), is(Outcome.ALLOWED))
                + ",\"denied\":" + count(agent.getValue(), is(Outcome.DENIED))
                + ",\"deferred\":" + count(agent.getValue(), Attempt::deferred)
                + ",\"approved\":" + count(agent.getValue(), is(Outcome.APPROVED)) + "}").collect(joining(","));
        String invariants = checks.stream().map(check -> "{\"name\":" + quote(check.name())
                + ",\"holds\":" + check.holds()
                + ",\"violations\":[" + check.violations().stream().map(Report::quote).collect(joining(",")) + "]}")
                .collect(joining(","));
        String decisions = deniedOrDeferred.stream().map(attempt -> "{\"hour\":" + quote(Shop.time(attempt.hour()))
                + ",\"identity\":" + quote(attempt.identity())
                + ",\"action\":" + quote(attempt.action())
                + ",\"outcome\":" + quote(attempt.outcome().name().toLowerCase(Locale.ROOT))
                + ",\"reason\":" + quote(attempt.reason())
                + ",\"rule\":" + quote(attempt.rule()) + "}").collect(joining(","));
        return "{\"agents\":[" + agents + "],\"invariants\":[" + invariants + "],\"broken\":" + broken()
                + ",\"deniedOrDeferred\":[" + decisions + "],\"auditLog\":" + quote(auditLog) + "}";
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case DENIED -> "denied";
            case APPROVED -> "deferred, approved";
            case REFUSED -> "deferred, refused";
            case ALLOWED -> "allowed";
        };
    }

    private static Predicate<Attempt> is(Outcome outcome) {
        return attempt -> attempt.outcome() == outcome;
    }

    private static long count(List<Attempt> attempts, Predicate<Attempt> which) {
        return attempts.stream().filter(which).count();
    }

    /** {@code text} as a JSON string, or {@code null}. */
    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
