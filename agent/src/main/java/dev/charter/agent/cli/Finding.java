package dev.charter.agent.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing {@code check} reports: a finding, or information that does not change the exit code.
 *
 * @param kind     what sort of thing it is, which also groups the readable report
 * @param location where to look: the policy's {@code file:line}, or a source file and line
 * @param message  one line for a person, without the location
 * @param rule     {@code file:line} of the policy line it is about, or {@code null} when there is none
 * @param facts    the details for tools, named as in the JSON report, in order
 */
record Finding(Kind kind, String location, String message, String rule, Map<String, Object> facts) {

    /** The sorts of things reported, in the order the report lists them. */
    enum Kind {
        NARROWED_DELEGATE("narrowed-delegate", "delegates granted more than their principal"),
        INVALID_ACTION_SCOPE("invalid-action-scope", "scanned actions with an invalid scope"),
        REFUSED_ACTION("refused-action", "scanned actions the agent refuses on every call, as declared"),
        UNRUNNABLE_ACTION("unrunnable-action", "scanned actions no identity may run"),
        UNUSED_GRANT("unused-grant", "grants no scanned action uses"),
        UNMATCHED_ENTRY("unmatched-entry", "actions entries that match no scanned method"),
        OVERLAP("overlap", "authority two identities both hold, on a scope neither exclusive nor shared"),
        UNAPPLIED_LIMIT("unapplied-limit", "limits that never apply: the action names no amount"),
        CLEARTEXT_PASSPORT("cleartext-passport", "propagate targets that send passports off this host unencrypted"),
        UNTRUSTED_BINDING("untrusted-binding", "framework calls bound by passports no issuer is trusted for"),
        LEASED_OVERLAP("leased-overlap", "overlaps on exclusive scopes, settled at run time by leases");

        /** The name tools see, in the JSON report's {@code kind}. */
        final String id;
        /** The heading of the group in the readable report. */
        final String heading;

        Kind(String id, String heading) {
            this.id = id;
            this.heading = heading;
        }
    }

    /** Checks that kind, location and message are present, and keeps an unmodifiable copy of the facts. */
    Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** The finding as the JSON report writes it: kind, message, rule, location, then the facts. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind.id);
        json.put("message", message);
        json.put("rule", rule);
        json.put("location", location);
        json.putAll(facts);
        return json;
    }
}
