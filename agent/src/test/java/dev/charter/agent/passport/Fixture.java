package dev.charter.agent.passport;

import dev.charter.agent.audit.RecordingLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.InMemoryLedger;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A sender and a receiver of passports in one JVM: each its own policy, enforcer and office. */
final class Fixture {

    static final KeyPair ORCHESTRATOR = Keys.generate();
    static final KeyPair STRANGER = Keys.generate();

    static final String IDENTITIES = """
            identities:
              user:alice:
                grants:
                  - scope: "payments:*"
              agent:refund-bot:
                on-behalf-of: user:alice
                grants:
                  - scope: "payments:refund"
              agent:pricing-bot:
                grants:
                  - scope: "catalog:*"
            """;

    final Clock clock;
    final RecordingLog log = new RecordingLog();
    final PolicyEnforcer enforcer;
    final PassportOffice office;

    private Fixture(String policy, Clock clock, String issuer, KeyPair key, String audience, Revocations revocations)
            throws PolicyException {
        this.clock = clock;
        this.enforcer = new PolicyEnforcer(Policy.parse(policy, "charter.yaml"), null, false, new Actions(), log,
                clock, new InMemoryLedger(), Duration.ofSeconds(5));
        this.office = new PassportOffice(enforcer, log, clock, issuer, key == null ? null : key.getPrivate(), audience,
                revocations);
    }

    /** The orchestrator: signs as svc:orchestrator, sends passports to svc:tools under /mcp. */
    static Fixture sender(Clock clock) throws PolicyException {
        return new Fixture("version: 1\n" + IDENTITIES + """
                trust:
                  propagate:
                    - to: "http://localhost:*/mcp/**"
                      audience: svc:tools
                """, clock, "svc:orchestrator", ORCHESTRATOR, null, Revocations.NONE);
    }

    /** The tools service: trusts svc:orchestrator's key, is svc:tools. */
    static Fixture receiver(Clock clock, Revocations revocations) throws PolicyException {
        return receiver(clock, IDENTITIES, revocations);
    }

    static Fixture receiver(Clock clock, String identities, Revocations revocations) throws PolicyException {
        return new Fixture("version: 1\n" + identities + trust(), clock, null, null, "svc:tools", revocations);
    }

    static String trust() {
        return "trust:\n  issuers:\n    svc:orchestrator: \"" + Keys.spki(ORCHESTRATOR.getPublic()) + "\"\n";
    }

    /** A clock tests move by hand. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
