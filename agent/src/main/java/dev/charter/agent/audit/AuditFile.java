package dev.charter.agent.audit;

import java.io.FileOutputStream;
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
 * records. A record costs one {@code write} call and, for the usual ASCII record, no allocation: it is
 * written as JSON into buffers kept for the next record. The file is written through a stream, not a
 * {@code FileChannel}, which an interrupted thread's write would close under every other thread.
 *
 * <p>Under faults:
 * <ul>
 * <li>Each record is one write of the whole line. After a write fails, the file is opened again
 *     before the next write, and a file that ends in part of a record (a write that failed part-way,
 *     or the JVM was killed mid-write) is cut back to its last whole line when opened, so no record
 *     is ever glued to half of another.
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

    /** The most bytes the record buffer keeps between records: a longer record's buffer is let go. */
    private static final int KEPT_BYTES = 64 << 10;

    private final Path file;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    /** The record being written, as text then as UTF-8: kept for the next one. */
    private final StringBuilder line = new StringBuilder(512);
    private byte[] bytes = new byte[1024];
    private volatile AuditHealth health = AuditHealth.NONE;
    private FileOutputStream out;
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
        synchronized (this) {
            line.setLength(0);
            record.writeJson(line);
            return appendLine(refusal);
        }
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

    private synchronized boolean append(String json, boolean keep) {
        line.setLength(0);
        line.append(json);
        return appendLine(keep);
    }

    /**
     * Writes {@link #line} after every waiting record; returns whether it is written now. When it is
     * not, it waits to be written if {@code keep}.
     */
    private boolean appendLine(boolean keep) {
        int length = encodeLine();
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_NANOS) {
            checkedAt = now;
            followPath();
        }
        boolean written = writeWaiting() && write(bytes, length);
        byte[] record = written || !keep ? null : Arrays.copyOf(bytes, length);
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[1024];
        }
        if (written) {
            if (failing) {
                failing = false;
                System.err.println("charter: the audit log " + file + " is written again, with every waiting record");
                health.writesResumed(file.toString());
            }
            return true;
        }
        if (record == null) {
            return false;
        }
        if (waitingBytes + record.length <= WAITING_BYTES) {
            waiting.add(record);
            waitingBytes += record.length;
        } else {
            lost++;
        }
        return false;
    }

    /** Puts {@link #line} and a line break into {@link #bytes} as UTF-8; returns how many bytes it took. */
    private int encodeLine() {
        line.append('\n');
        int length = line.length();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            if (c >= 0x80) { // the rest through the JDK's encoder: rare in records, and never a lone surrogate (JSON escapes it)
                byte[] rest = line.substring(i).getBytes(StandardCharsets.UTF_8);
                if (bytes.length < i + rest.length) {
                    bytes = Arrays.copyOf(bytes, i + rest.length);
                }
                System.arraycopy(rest, 0, bytes, i, rest.length);
                return i + rest.length;
            }
            bytes[i] = (byte) c;
        }
        return length;
    }

    private boolean writeWaiting() {
        while (!waiting.isEmpty()) {
            byte[] next = waiting.peek();
            if (!write(next, next.length)) {
                return false;
            }
            waiting.remove();
            waitingBytes -= next.length;
        }
        return true;
    }

    /**
     * One write of the first {@code length} of {@code record}. After a failure the file is closed: the
     * next write opens it again, which cuts off any part of the record that was written.
     */
    private boolean write(byte[] record, int length) {
        if (out == null && !tryReopen()) {
            return false;
        }
        try {
            out.write(record, 0, length);
            return true;
        } catch (IOException e) {
            close();
            failed(e);
            return false;
        }
    }

    /**
     * Opens the path again when it no longer names the open file: renamed, deleted or replaced. When
     * it was deleted, the records written since the last look are copied to the new file, so that
     * every record written after the deletion is in the file at the path.
     */
    private void followPath() {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException gone) {
            now = null;
        }
        if (out != null && now != null && key != null && key.equals(now.fileKey())) {
            checkedSize = now.size();
            return;
        }
        byte[] unsaved = out == null ? null : recordsOfDeletedFile();
        if (out != null) {
            System.err.println("charter: the audit log " + file + " was renamed or deleted; writing to a new "
                    + file);
        }
        if (tryReopen() && unsaved != null && unsaved.length > 0 && !write(unsaved, unsaved.length)) {
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
        out = new FileOutputStream(file.toFile(), true);
        BasicFileAttributes opened = Files.readAttributes(file, BasicFileAttributes.class);
        key = opened.fileKey();
        self = procEntry(key);
        checkedSize = opened.size();
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
