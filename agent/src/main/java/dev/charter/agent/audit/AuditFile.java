package dev.charter.agent.audit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

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
        StringBuilder json = new StringBuilder("{");
        Json.field(json, "ts", Instant.now().toString()).append(',');
        Json.field(json, "event", "policy-loaded").append(',');
        Json.field(json, "policy", policyFile).append(',');
        Json.field(json, "mode", mode).append(',');
        Json.name(json, "identities").append(identities);
        append(json.append('}').toString());
    }

    @Override
    public void policyRejected(String policyFile, String problem) {
        StringBuilder json = new StringBuilder("{");
        Json.field(json, "ts", Instant.now().toString()).append(',');
        Json.field(json, "event", "policy-rejected").append(',');
        Json.field(json, "policy", policyFile).append(',');
        Json.field(json, "problem", problem);
        append(json.append('}').toString());
        System.err.println("charter: kept the last good policy: " + problem);
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
