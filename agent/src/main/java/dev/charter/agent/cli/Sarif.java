package dev.charter.agent.cli;

import dev.charter.agent.audit.JsonText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a SARIF 2.1.0 log that {@code check --format sarif} writes: the tool, its rules, results and locations. */
final class Sarif {

    /** The rule of a policy that cannot be read or is invalid. */
    static final String INVALID = "invalid-policy";

    private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    /** {@code file:line} or {@code file:line:column}, at the start of a location or an error message. */
    private static final Pattern POSITION = Pattern.compile("^(.+?):(\\d+)(?::(\\d+))?(?::|$)");

    private Sarif() {
    }

    /** The log of one run of the tool with {@code rules} and {@code results}, as one line of JSON. */
    static String log(List<Object> rules, List<Object> results) {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "charter");
        String version = Sarif.class.getPackage().getImplementationVersion();
        if (version != null) {
            driver.put("version", version);
        }
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return JsonText.of(log);
    }

    /** The index of rule {@code id} in {@code rules}, adding it the first time. */
    static int rule(String id, String description, List<Object> rules, Map<String, Integer> indexes) {
        return indexes.computeIfAbsent(id, key -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("shortDescription", Map.of("text", description));
            rules.add(rule);
            return rules.size() - 1;
        });
    }

    /**
     * A physical location from {@code where} ({@code file:line}, {@code file:line:column}, or an error
     * message that starts with one); where it names no line, the start of {@code file}.
     */
    static Map<String, Object> location(String where, String file) {
        Matcher position = where == null ? null : POSITION.matcher(where);
        Map<String, Object> region = new LinkedHashMap<>();
        String uri = file;
        if (position != null && position.find()) {
            uri = position.group(1);
            region.put("startLine", Integer.parseInt(position.group(2)));
            if (position.group(3) != null) {
                region.put("startColumn", Integer.parseInt(position.group(3)));
            }
        } else {
            region.put("startLine", 1);
        }
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri(uri)));
        physical.put("region", region);
        return Map.of("physicalLocation", physical);
    }

    /** A relative URI reference for a file path as it was given: forward slashes, special characters escaped. */
    private static String uri(String path) {
        try {
            return new URI(null, null, path.replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            return path;
        }
    }
}
