package dev.charter.agent;

import dev.charter.agent.policy.Durations;
import dev.charter.agent.policy.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The agent's options, from {@code -javaagent:charter-agent.jar=key=value,...}, else the system
 * property {@code charter.key}, else the environment variable {@code CHARTER_KEY}.
 *
 * <ul>
 *   <li>{@code policy} — the policy file; required.</li>
 *   <li>{@code audit} — the audit log (JSON lines, appended); default: denials go to {@code System.Logger}.</li>
 *   <li>{@code mode} — {@code enforce} or {@code audit}; default: the policy's {@code mode}.</li>
 *   <li>{@code audit-allows} — {@code true} to record allowed calls too; default {@code false}.</li>
 *   <li>{@code governor-timeout} — how long a deferred call waits for the governor, as {@code 500ms},
 *       {@code 30s} or {@code 2m}; default {@code 30s}.</li>
 *   <li>{@code ledger} — where budgets, rates, leases and revocations are kept: {@code memory}, or
 *       {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS) for a fleet;
 *       default {@code memory}.</li>
 *   <li>{@code ledger-namespace} — the prefix of the ledger's keys in Redis; default {@code charter}.</li>
 *   <li>{@code ledger-timeout} — how long a call waits for the ledger before it is refused; default {@code 200ms}.</li>
 *   <li>{@code issuer} — the name this JVM signs passports as, such as {@code svc:orchestrator}; with
 *       {@code signing-key}. Default: it signs none.</li>
 *   <li>{@code signing-key} — the issuer's Ed25519 private key, a PKCS#8 PEM file ({@code keygen}).</li>
 *   <li>{@code audience} — this service's name, which the passports it accepts must carry as {@code aud};
 *       required when the policy's {@code trust} section names issuers.</li>
 * </ul>
 */
record AgentOptions(Path policy, Path audit, Mode mode, boolean auditAllows, Duration governorTimeout,
        String ledger, String ledgerNamespace, Duration ledgerTimeout, Passports passports) {

    private static final String[] KEYS = {"policy", "audit", "mode", "audit-allows", "governor-timeout",
        "ledger", "ledger-namespace", "ledger-timeout", "issuer", "signing-key", "audience"};

    /**
     * The passport options.
     *
     * @param issuer the name this JVM signs as, or {@code null}
     * @param signingKey the issuer's key file, or {@code null}; given exactly when {@code issuer} is
     * @param audience this service's name, or {@code null}
     */
    record Passports(String issuer, Path signingKey, String audience) {

        static final Passports NONE = new Passports(null, null, null);

        /** Whether any passport option is given. */
        boolean any() {
            return issuer != null || audience != null;
        }
    }
    private static final Duration GOVERNOR_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEDGER_TIMEOUT = Duration.ofMillis(200);

    /** Thrown for options that cannot be used; the message says which and why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static AgentOptions resolve(String agentArguments, UnaryOperator<String> properties,
            UnaryOperator<String> environment) throws Invalid {
        Map<String, String> given = parse(agentArguments);
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = given.get(key);
            if (value == null) {
                value = properties.apply("charter." + key);
            }
            if (value == null) {
                value = environment.apply("CHARTER_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            if (value != null && !value.isBlank()) {
                chosen.put(key, value.trim());
            }
        }
        String policy = chosen.get("policy");
        if (policy == null) {
            throw new Invalid("no policy given: start with -javaagent:charter-agent.jar=policy=charter.yaml"
                    + " (or -Dcharter.policy=..., or CHARTER_POLICY)");
        }
        String audit = chosen.get("audit");
        return new AgentOptions(Path.of(policy), audit == null ? null : Path.of(audit),
                mode(chosen.get("mode")), flag("audit-allows", chosen.get("audit-allows")),
                timeout("governor-timeout", chosen.get("governor-timeout"), GOVERNOR_TIMEOUT),
                chosen.getOrDefault("ledger", "memory"), chosen.getOrDefault("ledger-namespace", "charter"),
                timeout("ledger-timeout", chosen.get("ledger-timeout"), LEDGER_TIMEOUT), passports(chosen));
    }

    private static Passports passports(Map<String, String> chosen) throws Invalid {
        String issuer = name("issuer", chosen.get("issuer"));
        String key = chosen.get("signing-key");
        if ((issuer == null) != (key == null)) {
            throw new Invalid("issuer and signing-key go together: give both to sign passports, or neither");
        }
        return new Passports(issuer, key == null ? null : Path.of(key), name("audience", chosen.get("audience")));
    }

    private static String name(String key, String value) throws Invalid {
        if (value != null && value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new Invalid(key + " must be a name without whitespace, such as svc:tools");
        }
        return value;
    }

    private static Map<String, String> parse(String agentArguments) throws Invalid {
        Map<String, String> given = new LinkedHashMap<>();
        if (agentArguments == null || agentArguments.isBlank()) {
            return given;
        }
        for (String option : agentArguments.split(",")) {
            int equals = option.indexOf('=');
            String key = equals < 0 ? option.trim() : option.substring(0, equals).trim();
            if (equals < 0 || !List.of(KEYS).contains(key)) {
                throw new Invalid("unknown agent option '" + option.trim() + "' (expected key=value with key one of: "
                        + String.join(", ", KEYS) + ")");
            }
            if (given.put(key, option.substring(equals + 1)) != null) {
                throw new Invalid("agent option '" + key + "' given twice");
            }
        }
        return given;
    }

    private static Mode mode(String value) throws Invalid {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "enforce" -> Mode.ENFORCE;
            case "audit" -> Mode.AUDIT;
            default -> throw new Invalid("mode must be enforce or audit, not '" + value + "'");
        };
    }

    private static Duration timeout(String key, String value, Duration otherwise) throws Invalid {
        if (value == null) {
            return otherwise;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Invalid(key + ": " + e.getMessage());
        }
    }

    private static boolean flag(String key, String value) throws Invalid {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new Invalid(key + " must be true or false, not '" + value + "'");
    }
}
