package dev.charter.agent.cli;

import dev.charter.agent.audit.JsonText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code check} found about one policy, written for a person (grouped, one finding per line,
 * a summary line), as a SARIF log ({@link #sarif}) or as one JSON object for tools:
 *
 * <pre>
 * {"file": "charter.yaml", "valid": true, "error": null, "identities": 3, "mode": "enforce",
 *  "scanned": {"paths": ["app.jar"], "classes": 12, "actions": 4},    (null without --scan)
 *  "findings": [{"kind": "...", "message": "...", "rule": "charter.yaml:14", "location": "...", ...}],
 *  "information": [...]}
 * </pre>
 */
final class Report {

    /** What {@code --scan} read: the paths given, the class files read, the actions found. */
    record Scanned(List<String> paths, int classes, int actions) {
    }

    private final String file;
    private final boolean valid;
    private final String error;
    private final int identities;
    private final String mode;
    private final Scanned scanned;
    private final List<Finding> findings;
    private final List<Finding> information;

    private Report(String file, boolean valid, String error, int identities, String mode, Scanned scanned,
            List<Finding> findings, List<Finding> information) {
        this.file = file;
        this.valid = valid;
        this.error = error;
        this.identities = identities;
        this.mode = mode;
        this.scanned = scanned;
        this.findings = List.copyOf(findings);
        this.information = List.copyOf(information);
    }

    /** The report of a policy that could not be read or is invalid: {@code error} says why, with file:line:column. */
    static Report invalid(String file, String error) {
        return new Report(file, false, error, 0, null, null, List.of(), List.of());
    }

    /** The report of a valid policy whose other inputs (the paths to scan) could not be used. */
    static Report unusable(String file, int identities, String mode, String error) {
        return new Report(file, true, error, identities, mode, null, List.of(), List.of());
    }

    /** The report of a valid policy, its findings and information each in the order of {@link Finding.Kind}. */
    static Report of(String file, int identities, String mode, Scanned scanned, List<Finding> findings,
            List<Finding> information) {
        return new Report(file, true, null, identities, mode, scanned, findings, information);
    }

    boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** The findings, then the information. */
    List<Finding> all() {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(information);
        return all;
    }

    /** Writes the readable report; a report with an error writes nothing (the error goes to standard error). */
    void printText(PrintStream out) {
        if (error != null) {
            return;
        }
        out.println(file + ": valid (" + identities + (identities == 1 ? " identity" : " identities") + ", mode " + mode + ")");
        printGroups(findings, out);
        printGroups(information, out);
        StringBuilder summary = new StringBuilder(file).append(": ");
        summary.append(findings.isEmpty() ? "no findings" : count(findings.size(), "finding"));
        if (!information.isEmpty()) {
            summary.append(", ").append(count(information.size(), "note"));
        }
        if (scanned != null) {
            summary.append("; scanned ").append(count(scanned.classes(), "class file")).append(", ")
                    .append(count(scanned.actions(), "action"));
        }
        out.println(summary);
    }

    private static void printGroups(List<Finding> all, PrintStream out) {
        Finding.Kind group = null;
        for (Finding finding : all) {
            if (finding.kind() != group) {
                group = finding.kind();
                Finding.Kind kind = group;
                out.println(group.heading + " (" + all.stream().filter(each -> each.kind() == kind).count() + "):");
            }
            out.println("  " + finding.location() + ": " + finding.message());
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The report as one line of JSON. */
    String json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("valid", valid);
        json.put("error", error);
        json.put("identities", valid ? identities : null);
        json.put("mode", mode);
        Map<String, Object> scan = null;
        if (scanned != null) {
            scan = new LinkedHashMap<>();
            scan.put("paths", scanned.paths());
            scan.put("classes", scanned.classes());
            scan.put("actions", scanned.actions());
        }
        json.put("scanned", scan);
        json.put("findings", jsonOf(findings));
        json.put("information", jsonOf(information));
        return JsonText.of(json);
    }

    /**
     * The report as a SARIF 2.1.0 log, for code-scanning tools: one result per finding (level
     * {@code warning}) and per piece of information ({@code note}) at the policy line it is about, or
     * one {@code error} at the line and column of what makes the policy invalid.
     */
    String sarif() {
        List<Object> rules = new ArrayList<>();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Object> results = new ArrayList<>();
        if (error != null) {
            results.add(sarifResult(Sarif.INVALID, Sarif.rule(Sarif.INVALID, "invalid policy", rules, ruleIndex), "error",
                    error, Sarif.location(error, file)));
        }
        for (Finding finding : all()) {
            int index = Sarif.rule(finding.kind().id, finding.kind().heading, rules, ruleIndex);
            String where = finding.rule() != null ? finding.rule() : finding.location();
            results.add(sarifResult(finding.kind().id, index, findings.contains(finding) ? "warning" : "note",
                    finding.message(), Sarif.location(where, file)));
        }
        return Sarif.log(rules, results);
    }

    private static Map<String, Object> sarifResult(String ruleId, int ruleIndex, String level, String message,
            Map<String, Object> location) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ruleId", ruleId);
        result.put("ruleIndex", ruleIndex);
        result.put("level", level);
        result.put("message", Map.of("text", message));
        result.put("locations", List.of(location));
        return result;
    }

    private static List<Object> jsonOf(List<Finding> all) {
        List<Object> json = new ArrayList<>();
        all.forEach(finding -> json.add(finding.json()));
        return json;
    }
}
