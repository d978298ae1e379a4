package dev.charter.agent.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The audit log: one JSON object per line, appended. Each record is in the file before the decision
 * it records takes effect: {@link #decision} returns once the record is written (not buffered in the
 * process), so a slow disk slows the callers rather than losing records.
 *
 * <p>Writes are grouped: a thread whose record arrives while another thread writes adds it to the
 * next group and waits (spinning a few microseconds, about one write, before it parks); the first of
 * them to find the file free writes the whole group with one {@code write} call and wakes the
 * others. One thread alone costs one {@code write} per record and,
 * for the usual ASCII record, no allocation: records are written as JSON into buffers kept for the
 * next group. A writing thread's interrupt is set aside during its write (a {@code FileChannel}
 * closes itself under every thread when its writer is interrupted) and restored after it.
 *
 * <p>Under faults:
 * <ul>
 * <li>Each group is one write of whole lines. A write that fails part-way is cut back to the last
 *     whole record it wrote; the records after it count as not written. A file that ends in part of
 *     a record (the JVM was killed mid-write) is cut back to its last whole line when opened, so no
 *     record is ever glued to half of another.
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

    /**
     * How many times a thread whose record waits for a group checks, before it parks: a few
     * microseconds; none on one processor, where the writer cannot progress while it spins.
     */
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 200 : 0;
    /** The most bytes a group's buffer keeps between groups: a larger one is let go. */
    private static final int KEPT_BYTES = 64 << 10;

    /** A record that arrived while another thread wrote: where it ends in its group, and how its write went. */
    private static final class Ticket {
        final int end;
        final boolean keep;
        boolean done;
        boolean written;

        Ticket(int end, boolean keep) {
            this.end = end;
            this.keep = keep;
        }
    }

    private final Path file;
    /** Guards the next group and whether a thread is writing; the writing thread alone touches the file. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupWritten = lock.newCondition();
    /** The record being added, as JSON. */
    private JsonText line = new JsonText(512);
    /** The next group: records as UTF-8, and a ticket for each record whose thread waits for it. */
    private byte[] group = new byte[1024];
    private ByteBuffer groupView = ByteBuffer.wrap(group);
    private int groupLength;
    private ArrayList<Ticket> tickets = new ArrayList<>();
    /** The buffers of the group last written, for the group after next. */
    private byte[] spareGroup = new byte[1024];
    private ByteBuffer spareView = ByteBuffer.wrap(spareGroup);
    private ArrayList<Ticket> spareTickets = new ArrayList<>();
    private boolean writing;
    /** How many groups have been written: a waiting thread spins on it for a while before it parks. */
    private volatile long groupsWritten;

    // touched only by the writing thread
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
        lock.lock();
        try {
            line.clear();
            record.writeJson(line);
            return append(refusal);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void policyLoaded(String policyFile, String mode, int identities) {
        append(event("policy-loaded", policyFile, "mode", mode, "identities", identities));
    }

    @Override
    public void policyRejected(String policyFile, String problem) {
        append(event("policy-rejected", policyFile, "problem", problem));
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

    private void append(Map<String, Object> event) {
        lock.lock();
        try {
            line.clear();
            line.value(event);
            append(true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds {@link #line} to the next group and returns once that group is written, by this thread or
     * another: whether the record is in the file. When it is not, it waits to be written if {@code keep}.
     * The caller holds the lock.
     */
    private boolean append(boolean keep) {
        addLine();
        Ticket mine = null;
        while (true) {
            if (mine != null && mine.done) {
                return mine.written;
            }
            if (!writing) {
                boolean last = writeGroup(keep);
                return mine == null ? last : mine.written;
            }
            if (mine == null) {
                mine = new Ticket(groupLength, keep);
                tickets.add(mine);
            }
            awaitGroupWritten();
        }
    }

    /**
     * Waits until the group being written is settled; the caller holds the lock. Spins a little first,
     * without the lock: a write takes about as long as parking a thread and waking it again.
     */
    private void awaitGroupWritten() {
        long seen = groupsWritten;
        lock.unlock();
        for (int i = 0; i < SPINS && groupsWritten == seen; i++) {
            Thread.onSpinWait();
        }
        lock.lock();
        if (groupsWritten == seen) { // settled under the lock, so its signal cannot come between this test and the wait
            groupWritten.awaitUninterruptibly();
        }
    }

    /** Adds {@link #line} and a line break to {@link #group}; lets go of a line buffer grown past {@link #KEPT_BYTES}. */
    private void addLine() {
        line.put('\n');
        int length = line.length();
        if (group.length < groupLength + length) {
            group = Arrays.copyOf(group, Math.max(groupLength + length, 2 * group.length));
        }
        System.arraycopy(line.bytes(), 0, group, groupLength, length);
        groupLength += length;
        if (line.capacity() > KEPT_BYTES) {
            line = new JsonText(512);
        }
    }

    /**
     * Writes the next group, the lock released meanwhile so that later records form the group after
     * it, then settles its tickets and wakes their threads. Returns whether the group's last record,
     * when no ticket waits for it (the record of this thread), was written.
     */
    private boolean writeGroup(boolean lastKeep) {
        byte[] bytes = group;
        ByteBuffer view = groupView.array() == bytes ? groupView : ByteBuffer.wrap(bytes);
        int length = groupLength;
        ArrayList<Ticket> settled = tickets;
        group = spareGroup;
        groupView = spareView;
        groupLength = 0;
        tickets = spareTickets;
        writing = true;
        int written = 0;
        boolean lastWritten = false;
        lock.unlock();
        try {
            written = writeAfterWaiting(view.clear().limit(length));
        } finally {
            lock.lock();
            // settled even if the write threw: no thread waits for ever
            lastWritten = settle(view, length, written, settled, lastKeep);
        }
        return lastWritten;
    }

    /** Marks each ticket of a group written or not, keeps what must wait, and frees the file for the next group. */
    private boolean settle(ByteBuffer view, int length, int written, ArrayList<Ticket> settled, boolean lastKeep) {
        byte[] bytes = view.array();
        int start = 0;
        for (int i = 0; i < settled.size(); i++) { // no iterator: one record alone allocates nothing
            Ticket ticket = settled.get(i);
            ticket.written = ticket.end <= written;
            if (!ticket.written && ticket.keep) {
                keepWaiting(bytes, start, ticket.end);
            }
            ticket.done = true;
            start = ticket.end;
        }
        boolean lastWritten = start == length || length <= written;
        if (!lastWritten && lastKeep) {
            keepWaiting(bytes, start, length);
        }
        settled.clear();
        spareTickets = settled;
        spareGroup = bytes.length <= KEPT_BYTES ? bytes : new byte[1024];
        spareView = spareGroup == bytes ? view : ByteBuffer.wrap(spareGroup);
        writing = false;
        groupsWritten++;
        groupWritten.signalAll();
        return lastWritten;
    }

    private void keepWaiting(byte[] bytes, int from, int to) {
        if (waitingBytes + (to - from) <= WAITING_BYTES) {
            waiting.add(Arrays.copyOfRange(bytes, from, to));
            waitingBytes += to - from;
        } else {
            lost++;
        }
    }

    /**
     * Writes the records waiting, then the first {@code length} bytes of {@code records}; returns how
     * many of those are in the file, up to the end of the last whole record written.
     */
    private int writeAfterWaiting(ByteBuffer records) {
        int length = records.remaining();
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_NANOS) {
            checkedAt = now;
            followPath();
        }
        int written = writeWaiting() ? write(records, true) : 0;
        if (written == length && failing) {
            failing = false;
            System.err.println("charter: the audit log " + file + " is written again, with every waiting record");
            health.writesResumed(file.toString());
        }
        return written;
    }

    private boolean writeWaiting() {
        while (!waiting.isEmpty()) {
            byte[] next = waiting.peek();
            if (write(ByteBuffer.wrap(next), false) < next.length) {
                return false;
            }
            waiting.remove();
            waitingBytes -= next.length;
        }
        return true;
    }

    /**
     * One write of {@code buffer}'s whole lines, from position 0 of its array; returns how many bytes
     * are in the file, up to the end of the last whole record. A record written in part is cut off
     * again. With {@code split}, the whole records before a failure count as written; without, none.
     */
    private int write(ByteBuffer buffer, boolean split) {
        if (out == null && !tryReopen()) {
            return 0;
        }
        byte[] records = buffer.array();
        int length = buffer.limit();
        boolean interrupted = Thread.interrupted();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            return length;
        } catch (IOException e) {
            int whole = 0;
            for (int i = buffer.position() - 1; split && i >= 0; i--) {
                if (records[i] == '\n') {
                    whole = i + 1;
                    break;
                }
            }
            cutOff(buffer.position() - whole);
            failed(e, split ? countLines(records, whole, length) : 0);
            return whole;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int countLines(byte[] records, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            lines += records[i] == '\n' ? 1 : 0;
        }
        return lines;
    }

    /** Cuts the last {@code bytes} written off the file; failing that, closes it: opening again cuts back to the last whole line. */
    private void cutOff(int bytes) {
        try {
            if (bytes > 0) {
                out.truncate(out.size() - bytes);
            }
            if (out.isOpen()) {
                return;
            }
        } catch (IOException e) {
            // closed below
        }
        close();
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
        if (tryReopen() && unsaved != null && unsaved.length > 0 && write(ByteBuffer.wrap(unsaved), true) < unsaved.length) {
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
            failed(e, 1);
            return false;
        }
    }

    private void reopen() throws IOException {
        close();
        cutPartialRecord(file);
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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

    /** Reports a failed write, after which {@code more} records besides those waiting are not written. */
    private void failed(IOException e, int more) {
        String problem = "cannot write the audit log " + file + ": " + oneLine(e);
        long now = System.nanoTime();
        if (!failing || now - reportedAt >= QUIET_NANOS) {
            System.err.println("charter: " + problem + "; " + (waiting.size() + more)
                    + " records wait to be written" + (lost == 0 ? "" : ", " + lost + " given up")
                    + "; denials stand, allowed calls whose record is required are refused");
            reportedAt = now;
        }
        failing = true;
        health.writeFailed(file.toString(), problem, waiting.size() + more, lost);
    }

    private void flushAtExit() {
        lock.lock();
        try {
            while (writing) {
                groupWritten.awaitUninterruptibly();
            }
            if (!waiting.isEmpty() && !writeWaiting()) {
                System.err.println("charter: the audit log " + file + " could not take " + waiting.size()
                        + " records at exit");
            }
        } finally {
            lock.unlock();
        }
    }

    private static String oneLine(IOException e) {
        String quoted = JsonText.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return quoted.substring(1, quoted.length() - 1);
    }
}
