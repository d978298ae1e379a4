package dev.charter.agent.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The audit log: one JSON object per line, appended. Each record is written by the thread that made
 * the decision before that decision takes effect: a slow disk slows the callers rather than losing
 * records.
 *
 * <p>Under faults:
 * <ul>
 * <li>Each record is one write of the whole line. A write that fails part-way is cut back off the
 *     file, and a file that ends in part of a record (the JVM was killed mid-write) is cut back to
 *     its last whole line when opened, so no record is ever glued to half of another.
 * <li>A refusal or policy event that cannot be written (disk full, I/O error) waits in memory, up to
 *     {@link #WAITING_BYTES}, and is written before the next record once writes succeed again (or at
 *     exit). {@link #decision} then returns {@code false}, so the enforcer can refuse a call whose
 *     record it must have. The failure goes to stderr (at most one line per {@link #QUIET_NANOS}
 *     while it lasts, and one when it ends) and to {@link AuditHealth} (JMX, Flight Recorder).
 * <li>At most every {@link #CHECK_NANOS}, a write first checks that the path still names the open
 *     file; when the file was renamed (rotated) or deleted, the path is opened again, created anew.
 *     Records written to a renamed file before that are in it; those written to a deleted file since
 *     the last check are copied to the new one (where the system shows open files in
 *     {@code /proc/self/fd}, as Linux does).
 * </ul>
 */
public final class AuditFile implements DecisionLog {

    /** How often a write checks that the path still names the open file: well within a second. */
    static final long CHECK_NANOS = 200_000_000L;
    /** How much may wait in memory for a failing file; past it, records are given up and counted. */
    static final long WAITING_BYTES = 16L << 20;
    /** At most one line on stderr per this long while writes keep failing. */
    static final long QUIET_NANOS = 10_000_000_000L;

    private final Path file;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private volatile AuditHealth health = AuditHealth.NONE;
    private FileChannel out;
    private Object key;
    /** {@code /proc/self/fd/N} of the open file where the system has one: it reaches the file even once deleted. */
    private Path self;
    /** The file's size when the path last named it. */
    private long checkedSize;
    private long checkedAt;
    private long waitingBytes;
    private long lost;
    private boolean failing;
    private long reportedAt;

    private AuditFile(Path file) {
        this.file = file;
    }

    /**
     * Opens {@code file} for appending, creating it if needed, and cutting off a partial record at its
     * end. Records still waiting when the JVM exits are written then, if the file takes them.
     */
    public static AuditFile open(Path file) throws IOException {
        AuditFile audit = new AuditFile(file);
        audit.reopen();
        audit.checkedAt = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(audit::flushAtExit, "charter-audit-flush"));
        return audit;
    }

    /** Where failing and resumed writes are reported besides stderr. */
    public void reportTo(AuditHealth health) {
        this.health = Objects.requireNonNull(health);
    }

    /**
     * {@inheritDoc} A refusal's record that cannot be written now waits to be written later. The record
     * of a call that would run does not wait: the enforcer refuses such a call instead, and records that.
     */
    @Override
    public boolean decision(AuditRecord record) {
        boolean refusal = record.decision().equals("deny") || record.decision().equals("defer-denied");
        return append(record.toJson(), refusal);
    }

    @Override
    public void policyLoaded(String policyFile, String mode, int identities) {
        append(JsonText.of(event("policy-loaded", policyFile, "mode", mode, "identities", identities)), true);
    }

    @Override
    public void policyRejected(String policyFile, String problem) {
        append(JsonText.of(event("policy-rejected", policyFile, "problem", problem)), true);
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

    /**
     * Writes {@code line} after every waiting one; returns whether it is written now. When it is not,
     * it waits to be written if {@code keep}.
     */
    private synchronized boolean append(String line, boolean keep) {
        byte[] bytes = (line + '\n').getBytes(StandardCharsets.UTF_8);
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_NANOS) {
            checkedAt = now;
            followPath();
        }
        if (writeWaiting() && write(bytes)) {
            if (failing) {
                failing = false;
                System.err.println("charter: the audit log " + file + " is written again, with every waiting record");
                health.writesResumed(file.toString());
            }
            return true;
        }
        if (!keep) {
            return false;
        }
        if (waitingBytes + bytes.length <= WAITING_BYTES) {
            waiting.add(bytes);
            waitingBytes += bytes.length;
        } else {
            lost++;
        }
        return false;
    }

    private boolean writeWaiting() {
        while (!waiting.isEmpty()) {
            byte[] next = waiting.peek();
            if (!write(next)) {
                return false;
            }
            waiting.remove();
            waitingBytes -= next.length;
        }
        return true;
    }

    /** One write of the whole record; a part written before a failure is cut off again. */
    private boolean write(byte[] bytes) {
        if (out == null && !tryReopen()) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            return true;
        } catch (IOException e) {
            if (buffer.position() > 0) {
                cutOff(buffer.position());
            }
            failed(e);
            return false;
        }
    }

    private void cutOff(int written) {
        try {
            out.truncate(out.size() - written);
        } catch (IOException e) {
            // opening again cuts the file back to its last whole line
            close();
        }
    }

    /**
     * Opens the path again when it no longer names the open file: renamed, deleted or replaced. When
     * it was deleted, the records written since the last look are copied to the new file, so that
     * every record written after the deletion is in the file at the path.
     */
    private void followPath() {
        Object now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException gone) {
            now = null;
        }
        if (out != null && now != null && now.equals(key)) {
            try {
                checkedSize = out.size();
            } catch (IOException e) {
                // the next look copies from the size before
            }
            return;
        }
        byte[] unsaved = out == null ? null : recordsOfDeletedFile();
        if (out != null) {
            System.err.println("charter: the audit log " + file + " was renamed or deleted; writing to a new "
                    + file);
        }
        if (tryReopen() && unsaved != null && unsaved.length > 0 && !write(unsaved)) {
            System.err.println("charter: could not copy " + unsaved.length + " bytes of records from the deleted "
                    + file + " to the new one");
        }
    }

    /** The records written since the last look to the open file, if it was deleted; else {@code null}. */
    private byte[] recordsOfDeletedFile() {
        try {
            if (self == null || !key.equals(Files.readAttributes(self, BasicFileAttributes.class).fileKey())
                    || ((Number) Files.getAttribute(self, "unix:nlink")).intValue() > 0) {
                return null;
            }
            try (FileChannel in = FileChannel.open(self, StandardOpenOption.READ)) {
                long end = in.size();
                ByteBuffer tail = ByteBuffer.allocate((int) Math.min(end - checkedSize, WAITING_BYTES));
                while (tail.hasRemaining() && in.read(tail, checkedSize + tail.position()) >= 0) {
                    // read the whole tail
                }
                return Arrays.copyOf(tail.array(), tail.position());
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no way to reach the deleted file here: what it took since the last look is gone with it
        }
    }

    /** The entry of /proc/self/fd that is the file {@code key}, or {@code null} on systems without one. */
    private static Path procEntry(Object key) {
        Path fds = Path.of("/proc/self/fd");
        if (key == null || !Files.isDirectory(fds)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.filter(entry -> {
                try {
                    return key.equals(Files.readAttributes(entry, BasicFileAttributes.class).fileKey());
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private boolean tryReopen() {
        try {
            reopen();
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    private void reopen() throws IOException {
        close();
        cutPartialRecord(file);
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        self = procEntry(key);
        checkedSize = out.size();
    }

    private void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // closing a file that failed: what was written is written
            }
            out = null;
        }
    }

    /** Cuts {@code file} back to its last line break, when it ends in part of a record. */
    static void cutPartialRecord(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size();
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            for (long at = end; at > 0; ) {
                long from = Math.max(0, at - chunk.capacity());
                chunk.clear().limit((int) (at - from));
                while (chunk.hasRemaining() && channel.read(chunk, from + chunk.position()) >= 0) {
                    // read the whole chunk
                }
                for (int i = chunk.position() - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        truncate(file, channel, end, from + i + 1);
                        return;
                    }
                }
                at = from;
            }
            truncate(file, channel, end, 0);
        } catch (NoSuchFileException absent) {
            // created when opened for appending
        }
    }

    private static void truncate(Path file, FileChannel channel, long end, long to) throws IOException {
        if (to < end) {
            channel.truncate(to);
            System.err.println("charter: the audit log " + file + " ended in part of a record (" + (end - to)
                    + " bytes, written when the process was stopped mid-write); cut it off");
        }
    }

    private void failed(IOException e) {
        String problem = "cannot write the audit log " + file + ": " + oneLine(e);
        long now = System.nanoTime();
        if (!failing || now - reportedAt >= QUIET_NANOS) {
            System.err.println("charter: " + problem + "; " + (waiting.size() + 1)
                    + " records wait to be written" + (lost == 0 ? "" : ", " + lost + " given up")
                    + "; denials stand, allowed calls whose record is required are refused");
            reportedAt = now;
        }
        failing = true;
        health.writeFailed(file.toString(), problem, waiting.size() + 1, lost);
    }

    private synchronized void flushAtExit() {
        if (!waiting.isEmpty() && !writeWaiting()) {
            System.err.println("charter: the audit log " + file + " could not take " + waiting.size()
                    + " records at exit");
        }
    }

    private static String oneLine(IOException e) {
        String quoted = JsonText.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return quoted.substring(1, quoted.length() - 1);
    }
}
