package dev.charter.agent.enforce;

import dev.charter.agent.policy.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The identities revoked on the ledger, as this JVM last read them: checking costs no round trip,
 * and during an outage the last known revocations stay in force. Until they have been read once,
 * nobody can be known not to be revoked, so every call is refused.
 */
public final class Revocations {

    /** One revocation: who, until when ({@code null}: until lifted), and why. */
    public record Revocation(String identity, Instant until, String reason) {

        /** Checks that identity and reason are present. */
        public Revocation {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(reason, "reason");
        }

        boolean inForce(Instant now) {
            return until == null || now.isBefore(until);
        }
    }

    /** The revocations known, or {@code null} while they have never been read. */
    private volatile Map<String, Revocation> known;
    /** Why they could not be read, while they never have been. */
    private volatile String unread;
    /** Who is told of changes; {@code null} until {@link #onChange} (a lambda here would be spun at every start). */
    private volatile BiConsumer<List<Revocation>, List<Revocation>> listener;

    private Revocations(Map<String, Revocation> known, String unread) {
        this.known = known;
        this.unread = unread;
    }

    /** No revocation, ever: the memory ledger's, where editing the policy is the kill switch. */
    public static Revocations none() {
        return new Revocations(Map.of(), null);
    }

    /** Revocations still to be read from a ledger; until then every call is refused. */
    public static Revocations unread(String cause) {
        return new Revocations(null, cause);
    }

    /** Tells {@code changed} the revocations added and lifted by each {@link #replace}. */
    void onChange(BiConsumer<List<Revocation>, List<Revocation>> changed) {
        listener = changed;
    }

    /** The revocations known now (none while never read). */
    List<Revocation> known() {
        Map<String, Revocation> in = known;
        return in == null ? List.of() : List.copyOf(in.values());
    }

    /** Puts {@code latest} (by identity) in force; tells the listener when anything changed. */
    public synchronized void replace(Map<String, Revocation> latest) {
        Map<String, Revocation> before = known;
        Map<String, Revocation> now = Map.copyOf(latest);
        if (now.equals(before)) {
            return;
        }
        List<Revocation> added = new ArrayList<>();
        List<Revocation> lifted = new ArrayList<>();
        now.values().stream().filter(r -> before == null || !r.equals(before.get(r.identity()))).forEach(added::add);
        if (before != null) {
            before.values().stream().filter(r -> !now.containsKey(r.identity())).forEach(lifted::add);
        }
        known = now;
        BiConsumer<List<Revocation>, List<Revocation>> told = listener;
        if (told != null) {
            told.accept(added, lifted);
        }
    }

    /** The ledger could not be read: the last known revocations stay; if none ever were, says why. */
    public void unreadable(String cause) {
        if (known == null) {
            unread = cause;
        }
    }

    /** Whether they have been read at least once (or need not be). */
    public boolean read() {
        return known != null;
    }

    /** Whether calls of {@code identity} (with principals {@code chain}) must take the slow path to be checked. */
    boolean concerns(String identity, List<String> chain) {
        Map<String, Revocation> in = known;
        if (in == null) {
            return true;
        }
        if (in.isEmpty()) {
            return false;
        }
        if (in.containsKey(identity)) {
            return true;
        }
        for (String principal : chain) {
            if (in.containsKey(principal)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a delegation chain may not act now — the bound identity first, then its principals nearest
     * first — or {@code null}: how a passport naming them is checked on binding.
     */
    public String reason(List<String> chain, Clock clock) {
        Decision refused = refusal(chain.get(0), chain.subList(1, chain.size()), clock);
        return refused == null ? null : refused.reason();
    }

    /** Why {@code identity} (or a principal in {@code chain}) is refused now, or {@code null}. */
    Decision refusal(String identity, List<String> chain, Clock clock) {
        Map<String, Revocation> in = known;
        if (in == null) {
            return new Decision(false, "ledger unavailable: " + unread
                    + " (revocations never read, so no identity can be trusted)", null);
        }
        if (in.isEmpty()) {
            return null;
        }
        Decision refused = refusal(in.get(identity), clock);
        for (int i = 0; refused == null && i < chain.size(); i++) {
            refused = refusal(in.get(chain.get(i)), clock);
        }
        return refused;
    }

    private static Decision refusal(Revocation revocation, Clock clock) {
        if (revocation == null || !revocation.inForce(clock.instant())) {
            return null;
        }
        return new Decision(false, "revoked: " + revocation.identity() + " (" + revocation.reason() + ")"
                + (revocation.until() == null ? "" : " until " + revocation.until()), null);
    }
}
