package dev.charter.agent;

import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.observe.ObservedLog;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import dev.charter.agent.policy.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * Watches the policy file and reloads the policy when its content changes: a valid policy is swapped
 * in, an invalid one is refused with file:line:column and the last good policy stays in force.
 *
 * <p>It looks at the path it was given every {@link #POLL_MILLIS}, resolving it afresh each time, so
 * it follows the path across a moved directory, a swapped symbolic link or a replaced file (where a
 * directory watch would keep watching the old directory). A change is taken only once the file has
 * stopped changing: the same file, size, time and content over {@link #SETTLE_MILLIS}, so a file
 * rewritten in place, in pieces, is never loaded half-written. The file is read as at start
 * ({@link Policy#read}): a FIFO or device is never opened, a file over 4 MiB never read whole.
 *
 * <p>A failure of the watcher itself is reported on stderr and JMX and retried, with a growing pause;
 * it never ends the thread. Reloading happens on this thread, never on a caller's.
 */
final class PolicyWatcher implements Runnable {

    static final long POLL_MILLIS = 100;
    static final long SETTLE_MILLIS = 500;
    /** The longest pause between retries after the watcher's own failures. */
    private static final long RETRY_AT_MOST_MILLIS = 5_000;
    /** Every this many polls the content is read even if size and time look unchanged: clocks can be coarse. */
    private static final int READ_EVERY = 10;

    /** What the path showed at one moment: the file, its size, time and content, or why it could not be read. */
    private record Look(Object key, long size, FileTime modified, byte[] digest, byte[] content, String problem) {

        /** A file that cannot be a policy, told apart from another by its attributes when it has any. */
        static Look unreadable(BasicFileAttributes attributes, String problem) {
            return attributes == null ? new Look(null, -1, null, null, null, problem)
                    : new Look(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), null, null, problem);
        }

        boolean sameFile(BasicFileAttributes attributes) {
            return Objects.equals(key, attributes.fileKey()) && size == attributes.size()
                    && Objects.equals(modified, attributes.lastModifiedTime());
        }

        boolean same(Look other) {
            return Objects.equals(key, other.key) && size == other.size && Objects.equals(modified, other.modified)
                    && Arrays.equals(digest, other.digest) && Objects.equals(problem, other.problem);
        }
    }

    private final Path file;
    private final PolicyEnforcer enforcer;
    private final ObservedLog log;
    /** The last look acted on: loaded, refused, or the file as it was at start. */
    private Look handled;
    private byte[] inForce;
    private int polls;
    private String lastError;

    private PolicyWatcher(Path file, PolicyEnforcer enforcer, ObservedLog log, Look handled) {
        this.file = file;
        this.enforcer = enforcer;
        this.log = log;
        this.handled = handled;
        this.inForce = handled.digest();
    }

    /** Starts watching {@code file}, whose {@code content} is the policy in force. */
    static void start(Path file, byte[] content, PolicyEnforcer enforcer, ObservedLog log) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Look atStart = new Look(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(),
                digest(content), content, null);
        Thread thread = new Thread(new PolicyWatcher(file, enforcer, log, atStart), "charter-policy-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        log.watcher("watching", null);
        long pause = POLL_MILLIS;
        while (true) {
            try {
                Thread.sleep(pause);
                poll();
                if (lastError != null) {
                    System.err.println("charter: watching " + file + " again");
                    lastError = null;
                    log.watcher("watching", null);
                }
                pause = POLL_MILLIS;
            } catch (InterruptedException e) {
                System.err.println("charter: the policy watcher of " + file + " was interrupted; " + file
                        + " is no longer watched");
                log.watcher("stopped", "interrupted");
                return;
            } catch (RuntimeException | Error e) {
                // whatever went wrong, this thread must go on: report it, then look again after a pause
                String error = String.valueOf(e).replaceAll("\\R", " ");
                if (!error.equals(lastError)) {
                    System.err.println("charter: the policy watcher of " + file + " failed, retrying: " + error);
                }
                lastError = error;
                log.watcher("retrying", error);
                pause = Math.min(pause * 2, RETRY_AT_MOST_MILLIS);
            }
        }
    }

    private void poll() throws InterruptedException {
        if (++polls % READ_EVERY != 0 && unchanged()) {
            return;
        }
        Look look = look();
        if (look.same(handled)) {
            return;
        }
        while (true) {
            Thread.sleep(SETTLE_MILLIS);
            Look again = look();
            if (again.same(look)) {
                break;
            }
            look = again;
        }
        apply(look);
        handled = look;
    }

    /** Whether the file's size and time are as last handled, read without opening it. */
    private boolean unchanged() {
        try {
            return handled.sameFile(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (IOException e) {
            return handled.problem() != null;
        }
    }

    private Look look() {
        BasicFileAttributes attributes = null;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            byte[] content = Policy.read(file);
            return new Look(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), digest(content),
                    content, null);
        } catch (PolicyException e) {
            return Look.unreadable(attributes, e.getMessage());
        } catch (IOException e) {
            try {
                Policy.read(file);
                return Look.unreadable(null, file + ": cannot read: " + e); // there again just now: the next look tells
            } catch (PolicyException unreadable) {
                return Look.unreadable(null, unreadable.getMessage());
            }
        }
    }

    private void apply(Look look) {
        if (look.problem() != null) {
            log.policyRejected(file.toString(), look.problem());
            return;
        }
        if (Arrays.equals(look.digest(), inForce)) {
            return;
        }
        try {
            Policy next = Policy.parse(look.content(), file.toString());
            if (!next.actions().equals(enforcer.policy().actions())) {
                // which methods carry a check is settled when classes load
                System.err.println("charter: " + file + ": changes to 'actions' take effect at the next start");
            }
            enforcer.reload(next);
            inForce = look.digest();
        } catch (PolicyException e) {
            log.policyRejected(file.toString(), e.getMessage());
        }
    }

    private static byte[] digest(byte[] content) {
        return Sha256.digest(content);
    }
}
