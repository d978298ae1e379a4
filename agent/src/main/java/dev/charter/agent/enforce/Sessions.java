package dev.charter.agent.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.charter.agent.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The sessions derived so far, forgotten a while after they expire. */
final class Sessions {

    /** How long an expired session is still remembered, to refuse it as expired rather than unknown. */
    private static final Duration REMEMBERED = Duration.ofMinutes(10);

    private final Clock clock;
    /** Made at the first session, so that a JVM without sessions never loads Caffeine for them. */
    private volatile Cache<String, Session> live;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    private synchronized Cache<String, Session> live() {
        if (live == null) {
            live = Caffeine.newBuilder()
                    .expireAfter(Expiry.<String, Session>writing((name, session) ->
                            Duration.between(clock.instant(), session.expiresAt()).plus(REMEMBERED)))
                    .executor(Runnable::run)
                    .build();
        }
        return live;
    }

    /** A session as it was derived: from which identity, with which scopes, until when. */
    record Session(String name, String parent, List<String> scopes, List<Predicate<String>> patterns, Instant expiresAt) {
    }

    /**
     * Registers a session of {@code parent}.
     *
     * @throws IllegalArgumentException if a scope is not a valid scope pattern
     */
    Session register(String name, String parent, Duration ttl, List<String> scopes) {
        List<Predicate<String>> patterns = new ArrayList<>();
        for (String scope : scopes) {
            try {
                patterns.add(Policy.scopePattern(scope));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("session scope '" + scope + "': " + e.getMessage(), e);
            }
        }
        Session session = new Session(name, parent, List.copyOf(scopes), List.copyOf(patterns), clock.instant().plus(ttl));
        live().put(name, session);
        return session;
    }

    /** The session of that name, or {@code null}. */
    Session find(String name) {
        Cache<String, Session> known = live;
        return known == null ? null : known.getIfPresent(name);
    }

    boolean expired(Authority authority) {
        Instant end = authority.expiresAt();
        return end != null && !clock.instant().isBefore(end);
    }
}
