package dev.charter.agent.passport;

import dev.charter.HttpPassports;
import dev.charter.agent.instrument.Hook;
import dev.charter.agent.audit.DecisionLog;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.Trust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.security.PrivateKey;
import java.time.Clock;

/**
 * Starts passports when the policy has a {@code trust} section or the options name an issuer or an
 * audience; otherwise nothing of this package is loaded. A configuration that cannot do what it says
 * stops the agent before anything is enforced.
 */
public final class PassportSetup {

    private PassportSetup() {
    }

    /**
     * The passport office the options and the policy ask for, or {@code null} when they ask for none.
     *
     * @param revocations the fleet ledger's revocations, asked on every binding of a passport
     * @param onBootstrap whether the API is on the bootstrap class path, where HTTP classes see it
     * @throws IllegalStateException if passports are asked for and cannot work as configured
     * @throws IOException if the signing key cannot be read
     */
    public static PassportOffice prepare(String issuer, Path signingKey, String audience, Policy policy,
            PolicyEnforcer enforcer, DecisionLog log, Revocations revocations, boolean onBootstrap) throws IOException {
        Trust trust = policy.trust();
        if (trust == null && issuer == null && audience == null) {
            return null;
        }
        if (!onBootstrap) {
            throw new IllegalStateException("passports need the agent from the JVM's start (-javaagent): attached"
                    + " after the application loaded dev.charter, its HTTP requests cannot carry them");
        }
        if (trust != null && !trust.issuers().isEmpty() && audience == null) {
            throw new IllegalStateException(policy.file() + ": trust names issuers, so this service needs its own"
                    + " name to check passports against: give the audience option (audience=svc:name)");
        }
        if (trust != null && !trust.propagate().isEmpty() && issuer == null) {
            throw new IllegalStateException(policy.file() + ": trust.propagate (" + trust.propagate().get(0).rule()
                    + ") sends passports: give the issuer and signing-key options to sign them");
        }
        PrivateKey key = issuer == null ? null : Keys.readPrivate(signingKey);
        return new PassportOffice(enforcer, log, Clock.systemUTC(), issuer, key, audience, revocations);
    }

    /**
     * Puts {@code office} in service for the API, and returns the hooks into the HTTP classes that carry
     * passports, for the rewriter to weave.
     */
    public static List<Hook> install(PassportOffice office) {
        HttpPassports.install(office, new PassportInstrumentation.Messages());
        return PassportInstrumentation.hooks();
    }
}
