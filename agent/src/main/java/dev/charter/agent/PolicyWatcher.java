package dev.charter.agent;

import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Watches the policy file's directory and reloads the policy when its content changes: a valid
 * policy is swapped in, an invalid one is refused with file:line:column and the last good policy
 * stays in force. Watching the directory, and comparing content, copes with editors that replace
 * the file and with atomic renames and symbolic-link swaps. Reloading happens on this thread, never
 * on a caller's.
 */
final class PolicyWatcher implements Runnable {

    /**
     * How long the directory must be quiet before the file is read (editors write in several steps),
     * and how long at most to wait for quiet when it keeps changing. A half-written file read anyway
     * is refused, and the write that completes it is another change.
     */
    private static final long SETTLE_MILLIS = 10;
    private static final long SETTLE_AT_MOST_MILLIS = 50;

    private final Path file;
    private final WatchService watcher;
    private final PolicyEnforcer enforcer;
    private final DecisionLog log;
    private byte[] seen;

    private PolicyWatcher(Path file, WatchService watcher, PolicyEnforcer enforcer, DecisionLog log, byte[] seen) {
        this.file = file;
        this.watcher = watcher;
        this.enforcer = enforcer;
        this.log = log;
        this.seen = seen;
    }

    /** Starts watching {@code file}, whose current content is the policy in force. */
    static void start(Path file, PolicyEnforcer enforcer, DecisionLog log) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        WatchService watcher = directory.getFileSystem().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = new Thread(new PolicyWatcher(file, watcher, enforcer, log, digest(Files.readAllBytes(file))),
                "charter-policy-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (true) {
                settle(watcher.take());
                reloadIfChanged();
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void settle(WatchKey key) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_AT_MOST_MILLIS);
        WatchKey next = key;
        while (next != null) {
            // every key taken is reset, or the directory is never signalled again
            next.pollEvents();
            next.reset();
            if (System.nanoTime() >= until) {
                return;
            }
            next = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void reloadIfChanged() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException gone) {
            return; // being replaced: the rename that follows is another event
        }
        byte[] digest = digest(content);
        if (Arrays.equals(digest, seen)) {
            return;
        }
        seen = digest;
        try {
            Policy next = Policy.parse(new String(content, StandardCharsets.UTF_8), file.toString());
            if (!next.actions().equals(enforcer.policy().actions())) {
                // which methods carry a check is settled when classes load
                System.err.println("charter: " + file + ": changes to 'actions' take effect at the next start");
            }
            enforcer.reload(next);
        } catch (PolicyException e) {
            log.policyRejected(file.toString(), e.getMessage());
        } catch (RuntimeException e) {
            log.policyRejected(file.toString(), file + ": cannot reload: " + e);
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
