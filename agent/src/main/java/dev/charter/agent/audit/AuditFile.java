package dev.charter.agent.audit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit log: one JSON object per line, appended. Each record is written by the thread that
 * made the decision before that decision takes effect, so none is dropped: a slow disk slows the
 * callers (back-pressure) rather than losing records, and a crash loses nothing already decided.
 */
public final class AuditFile implements DecisionLog {

    private final Path file;
    private final FileOutputStream out;

    private AuditFile(Path file, FileOutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Opens {@code file} for appending, creating it if needed. */
    public static AuditFile open(Path file) throws IOException {
        return new AuditFile(file, new FileOutputStream(file.toFile(), true));
    }

    @Override
    public void decision(AuditRecord record) {
        append(record.toJson());
    }

    @Override
    public void policyLoaded(String policyFile, String mode, int identities) {
        append(JsonText.of(event("policy-loaded", policyFile, "mode", mode, "identities", identities)));
    }

    @Override
    public void policyRejected(String policyFile, String problem) {
        append(JsonText.of(event("policy-rejected", policyFile, "problem", problem)));
        System.err.println("charter: kept the last good policy: " + problem);
    }

    /** A policy event: its name, the policy file, then pairs of further field names and values. */
    private static Map<String, Object> event(String name, String policyFile, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("ts", Instant.now().toString());
        event.put("event", name);
        event.put("policy", policyFile);
        for (int i = 0; i < fields.length; i += 2) {
            event.put((String) fields[i], fields[i + 1]);
        }
        return event;
    }

    private synchronized void append(String line) {
        try {
            // one write per line: records never interleave, and each reaches the OS before we return
            out.write((line + '\n').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Charter audit log " + file, e);
        }
    }
}
