package dev.charter.agent.enforce;

import dev.charter.Charter;
import dev.charter.Gate;
import dev.charter.Governor;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the registered governor, on a few threads of Charter's own, started unbound and kept
 * unbound between reviews. The threads and the queue are bounded, so a governor that hangs costs
 * at most {@link #THREADS} threads and refuses what waits behind it; a deferral raised on one of
 * these threads — a governor calling a deferred action — is refused at once, never queued.
 */
final class Reviews {

    static final int THREADS = 2;
    private static final int WAITING = 256;

    private final BlockingQueue<Review> queue = new ArrayBlockingQueue<>(WAITING);

    /** One deferral to review, and where its verdict goes. */
    private record Review(Governor governor, Governor.Deferral deferral, CompletableFuture<Governor.Verdict> verdict) {
    }

    /** A thread that reviews deferrals, one at a time, until the JVM exits. */
    private final class Reviewer extends Thread {

        private volatile Review current;

        Reviewer(int number) {
            super("charter-governor-" + number);
            setDaemon(true);
        }

        @Override
        public void run() {
            // captured here, unbound: each review starts unbound, and a binding it leaves open is dropped
            Runnable unbound = Charter.wrap(new Runnable() {
                @Override
                public void run() {
                    reviewCurrent();
                }
            });
            while (true) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    continue; // interrupted to stop a review that ran out of time: take the next
                }
                Thread.interrupted();
                unbound.run();
            }
        }

        private void reviewCurrent() {
            Review review = current;
            if (review.verdict().isDone()) {
                return; // its caller stopped waiting
            }
            try {
                review.verdict().complete(review.governor().review(review.deferral()));
            } catch (Throwable e) {
                review.verdict().completeExceptionally(e);
            }
        }
    }

    private final Reviewer[] reviewers = new Reviewer[THREADS];

    /** Starts the review threads; call on an unbound thread, so that they start free. */
    Reviews() {
        for (int i = 0; i < THREADS; i++) {
            reviewers[i] = new Reviewer(i + 1);
            reviewers[i].start();
        }
    }

    /** Asks the registered governor and waits at most {@code timeout} for its verdict. */
    Governor.Verdict review(Governor.Deferral deferral, Duration timeout) {
        if (Thread.currentThread() instanceof Reviewer) {
            return Governor.Verdict.refuse("raised while a governor is deciding: governance does not recurse");
        }
        Governor governor = Gate.governor();
        if (governor == null) {
            return Governor.Verdict.refuse("no governor is registered (Charter.governor)");
        }
        CompletableFuture<Governor.Verdict> verdict = new CompletableFuture<>();
        Review review = new Review(governor, deferral, verdict);
        if (!queue.offer(review)) {
            return Governor.Verdict.refuse("the governor has " + WAITING + " deferrals waiting already");
        }
        try {
            Governor.Verdict given = verdict.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return given != null ? given : Governor.Verdict.refuse("the governor gave no verdict");
        } catch (TimeoutException e) {
            stop(review);
            return Governor.Verdict.refuse("the governor did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Governor.Verdict.refuse("the governor failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(review);
            return Governor.Verdict.refuse("interrupted while waiting for the governor");
        }
    }

    /** Gives up on a review: taken out of the queue if it waits there, interrupted if under way. */
    private void stop(Review review) {
        review.verdict().cancel(false);
        queue.remove(review);
        for (Reviewer reviewer : reviewers) {
            if (reviewer.current == review) {
                reviewer.interrupt();
            }
        }
    }
}
