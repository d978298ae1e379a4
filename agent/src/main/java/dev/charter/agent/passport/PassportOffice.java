package dev.charter.agent.passport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.charter.HttpPassports;
import dev.charter.ScopeViolation;
import dev.charter.agent.audit.AuditRecord;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.Trust;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs passports for bound identities and checks the passports other services send, against the
 * policy in force. A passport that checks out is remembered until it expires, so binding it again
 * costs a lookup, the chain's comparison with the policy and the revocation check, never a
 * signature. Every refusal is recorded (scope {@value #SCOPE}) and thrown as a {@link ScopeViolation}.
 *
 * <p>Passports are authentication, not authority: they are refused alike in {@code mode=audit}.
 */
public final class PassportOffice implements HttpPassports.Office {

    /** The scope passport refusals are recorded and thrown under. */
    public static final String SCOPE = "charter:passport";
    /** How far this JVM's clock and the issuer's may disagree. */
    static final Duration SKEW = Duration.ofSeconds(30);
    /** How long a passport minted for an outbound request lives; it is reused for the first half. */
    static final Duration PROPAGATED = Duration.ofMinutes(5);
    private static final int REMEMBERED = 10_000;
    private static final String BIND_METHOD = "dev.charter.Charter#bindPassport(java.lang.String)";
    private static final String MINT_METHOD = "dev.charter.Charter#passport(java.lang.String,java.time.Duration)";

    /**
     * A passport whose signature and claims checked out: the issuer's key that signed it, the last
     * moment it is good (its {@code exp} plus the skew, in epoch milliseconds), and the last policy
     * its chain matched, so that a binding under the same policy compares one reference.
     */
    private static final class Verified {
        final Claims claims;
        final PublicKey key;
        final long goodUntil;
        volatile Policy matched;

        Verified(Claims claims, PublicKey key) {
            this.claims = claims;
            this.key = key;
            this.goodUntil = claims.expiresAt().plus(SKEW).toEpochMilli();
        }
    }

    /** A passport minted for outbound requests, and when it is due for renewal. */
    private record Minted(String passport, Instant renewAt) {
    }

    private final PolicyEnforcer enforcer;
    private final DecisionLog log;
    private final Clock clock;
    private final String issuer;
    private final PrivateKey signingKey;
    private final String audience;
    private final Revocations revocations;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Verified> verified;
    private final Cache<String, Minted> minted;

    /**
     * @param issuer this JVM's {@code issuer} option, or {@code null} when it signs nothing
     * @param signingKey the key of {@code issuer}, or {@code null}
     * @param audience this JVM's {@code audience} option, or {@code null} when it accepts no passport
     */
    public PassportOffice(PolicyEnforcer enforcer, DecisionLog log, Clock clock, String issuer, PrivateKey signingKey,
            String audience, Revocations revocations) {
        this.enforcer = enforcer;
        this.log = log;
        this.clock = clock;
        this.issuer = issuer;
        this.signingKey = signingKey;
        this.audience = audience;
        this.revocations = revocations;
        this.verified = Caffeine.newBuilder()
                .maximumSize(REMEMBERED)
                .expireAfter(Expiry.<String, Verified>creating((passport, known) ->
                        until(known.claims.expiresAt().plus(SKEW))))
                .executor(Runnable::run)
                .build();
        this.minted = Caffeine.newBuilder()
                .maximumSize(REMEMBERED)
                .expireAfter(Expiry.<String, Minted>creating((key, known) -> until(known.renewAt())))
                .executor(Runnable::run)
                .build();
    }

    private Duration until(Instant end) {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public String mint(String identity, String forAudience, Duration ttl) {
        try {
            return sign(identity, forAudience, ttl).passport();
        } catch (Refusal refusal) {
            throw refuse(identity, forAudience, refusal.reason(), MINT_METHOD);
        }
    }

    /** A passport just signed, and what it says. */
    private record Signed(String passport, Claims claims) {
    }

    private Signed sign(String identity, String forAudience, Duration ttl) throws Refusal {
        if (identity == null) {
            throw new Refusal("no identity bound on thread '" + thread() + "' to sign a passport for", null);
        }
        if (signingKey == null) {
            throw new Refusal("this JVM signs no passports (start the agent with issuer and signing-key)", null);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PolicyEnforcer.Lineage lineage = enforcer.lineage(identity);
        Instant expires = now.plus(ttl);
        if (lineage.sessionEnds() != null && lineage.sessionEnds().isBefore(expires)) {
            expires = lineage.sessionEnds().truncatedTo(ChronoUnit.SECONDS);
            if (!expires.isAfter(now)) {
                throw new Refusal("session expired at " + lineage.sessionEnds(), null);
            }
        }
        List<String> chain = new ArrayList<>();
        chain.add(identity);
        chain.addAll(lineage.chain());
        Claims claims = new Claims(issuer, forAudience, now, expires, id(), chain, lineage.sessionScopes());
        return new Signed(Jws.sign(claims.toJson(), signingKey), claims);
    }

    private String id() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String admit(String passport, String current) {
        try {
            return admitted(passport);
        } catch (Refusal refusal) {
            throw refuse(current, refusal.claimed(), refusal.reason(), BIND_METHOD);
        }
    }

    private String admitted(String passport) throws Refusal {
        Verified known = verified.getIfPresent(passport);
        Policy policy = enforcer.policy();
        if (known == null || !known.key.equals(trusted(policy.trust(), known.claims.issuer()))) {
            // first seen, or the policy no longer trusts the key that signed it (a key rotated out)
            known = verify(passport, policy.trust());
            verified.put(passport, known);
        }
        Claims claims = known.claims;
        if (clock.millis() > known.goodUntil) {
            throw new Refusal("expired at " + claims.expiresAt(), claims.identity());
        }
        if (known.matched != policy) {
            String mismatch = Lineages.mismatch(claims.chain(), claims.scopes(), policy);
            if (mismatch != null) {
                throw new Refusal("chain does not match the policy: " + mismatch, claims.identity());
            }
            known.matched = policy;
        }
        String revoked = revocations.revoked(claims.chain());
        if (revoked != null) {
            throw new Refusal(revoked, claims.identity());
        }
        if (claims.scopes() != null && !enforcer.hasSession(claims.identity())) {
            register(claims, clock.instant());
        }
        return claims.identity();
    }

    /** Derives the passport's session here, from its parent, with its scopes, until the passport expires. */
    private void register(Claims claims, Instant now) throws Refusal {
        try {
            enforcer.session(claims.chain().get(1), claims.identity(),
                    Duration.between(now, claims.expiresAt().plus(SKEW)), claims.scopes());
        } catch (IllegalArgumentException e) {
            throw new Refusal("malformed passport: " + e.getMessage(), claims.identity());
        }
    }

    /** Checks what needs no policy but its trust: format, issuer, signature, time and audience. */
    private Verified verify(String passport, Trust trust) throws Refusal {
        Jws.Parts parts = Jws.parse(passport);
        Claims claims = Claims.of(parts.payload());
        PublicKey key = trusted(trust, claims.issuer());
        if (key == null) {
            throw new Refusal("unknown issuer " + Lineages.shown(claims.issuer()), claims.identity());
        }
        if (!Jws.verify(parts, key)) {
            throw new Refusal("bad signature", null);
        }
        Instant now = clock.instant();
        if (now.isAfter(claims.expiresAt().plus(SKEW))) {
            throw new Refusal("expired at " + claims.expiresAt(), claims.identity());
        }
        if (claims.issuedAt().minus(SKEW).isAfter(now)) {
            throw new Refusal("issued in the future, at " + claims.issuedAt(), claims.identity());
        }
        if (audience == null) {
            throw new Refusal("this service has no audience option to check the passport's audience against",
                    claims.identity());
        }
        if (!audience.equals(claims.audience())) {
            throw new Refusal("audience " + Lineages.shown(claims.audience()) + " is not this service (" + audience + ")",
                    claims.identity());
        }
        return new Verified(claims, key);
    }

    private static PublicKey trusted(Trust trust, String issuer) {
        return trust == null ? null : trust.issuers().get(issuer);
    }

    @Override
    public String outbound(String identity, String url) {
        Trust trust = enforcer.policy().trust();
        Trust.Propagate target = trust == null ? null : trust.target(url);
        if (target == null) {
            return null;
        }
        String key = identity + '\n' + target.audience();
        Minted known = minted.getIfPresent(key);
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.renewAt())) {
            return known.passport();
        }
        Signed signed;
        try {
            signed = sign(identity, target.audience(), PROPAGATED);
        } catch (Refusal refusal) {
            throw refuse(identity, target.audience(), refusal.reason() + " (" + target.rule() + ")", MINT_METHOD);
        }
        Claims claims = signed.claims();
        Duration life = Duration.between(claims.issuedAt(), claims.expiresAt());
        minted.put(key, new Minted(signed.passport(), claims.issuedAt().plus(life.dividedBy(2))));
        return signed.passport();
    }

    private ScopeViolation refuse(String identity, String resource, String reason, String method) {
        List<String> chain = identity == null ? List.of() : enforcer.lineage(identity).chain();
        // a passport is refused in every mode: the record says it was enforced
        log.decision(new AuditRecord(clock.instant(), identity, chain, SCOPE, resource, null, "deny", reason, null,
                method, thread(), true));
        return new ScopeViolation(identity, SCOPE, resource, reason, null);
    }

    private static String thread() {
        Thread current = Thread.currentThread();
        return current.getName().isEmpty() ? current.toString() : current.getName();
    }
}
