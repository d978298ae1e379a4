package dev.charter.agent;

import dev.charter.Carry;
import dev.charter.Frameworks;
import dev.charter.Gate;
import dev.charter.agent.audit.AuditFile;
import dev.charter.agent.audit.LoggerLog;
import dev.charter.agent.enforce.Actions;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.enforce.TaskBindings;
import dev.charter.agent.frameworks.FrameworkRules;
import dev.charter.agent.frameworks.LangChain4j;
import dev.charter.agent.frameworks.LangChain4jAgentic;
import dev.charter.agent.frameworks.McpSdk;
import dev.charter.agent.frameworks.SpringAi;
import dev.charter.agent.instrument.HiddenClassRewriting;
import dev.charter.agent.instrument.Hook;
import dev.charter.agent.instrument.Propagation;
import dev.charter.agent.instrument.Rewriter;
import dev.charter.agent.ledger.Ledgers;
import dev.charter.agent.observe.ObservedLog;
import dev.charter.agent.passport.PassportOffice;
import dev.charter.agent.passport.PassportSetup;
import dev.charter.agent.policy.ActionTarget;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.PolicyException;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** Options, policy, enforcer, rewriter: in that order, failing before anything is rewritten. */
final class Startup {

    private Startup() {
    }

    /**
     * @param attaching whether the JVM is running already, with classes loaded that need rewriting
     * @param onBootstrap whether the gate is on the bootstrap class path; if not (attached after the
     *                    application loaded the API), the JDK's executors cannot carry identities
     */
    static void run(String arguments, Instrumentation instrumentation, boolean onBootstrap, boolean attaching)
            throws AgentOptions.Invalid, PolicyException, IOException, UnmodifiableClassException {
        AgentOptions options = AgentOptions.resolve(arguments, new SystemSetting(false), new SystemSetting(true));
        byte[] content = Policy.read(options.policy());
        Policy policy = Policy.parse(content, options.policy().toString());
        AuditFile audit = options.audit() == null ? null : openAudit(options);
        ObservedLog log = new ObservedLog(audit == null ? new LoggerLog("dev.charter") : audit, options.auditAllows());
        if (audit != null) {
            audit.reportTo(log);
        }
        Ledgers.Opened ledger = openLedger(options);
        Actions actions = new Actions();
        PolicyEnforcer enforcer = new PolicyEnforcer(policy, options.mode(), options.auditAllows(), actions, log,
                Clock.systemUTC(), ledger.ledger(), ledger.revocations(), options.governorTimeout());
        AgentOptions.Passports passports = options.passports();
        PassportOffice office = PassportSetup.prepare(passports.issuer(), passports.signingKey(), passports.audience(),
                policy, enforcer, log, new LedgerRevocations(ledger.revocations()), onBootstrap);
        try {
            Gate.install(enforcer);
        } catch (IllegalStateException e) {
            System.err.println("charter: the agent is already running in this JVM; ignoring this copy");
            return;
        }
        log.policyLoaded(policy.file(), enforcer.mode().name().toLowerCase(Locale.ROOT), policy.identities().size());
        log.publish();
        if (ledger.follow() != null) {
            ledger.follow().run();
        }
        PolicyWatcher.start(options.policy(), content, enforcer, log);
        reportUnmatched(policy);
        List<Hook> hooks = new ArrayList<>();
        if (onBootstrap) {
            Carry.install(new TaskBindings());
            Frameworks.install(new FrameworkRules(enforcer), new TaskBindings());
            hooks.addAll(Propagation.hooks());
            hooks.addAll(LangChain4j.hooks());
            hooks.addAll(LangChain4jAgentic.hooks());
            hooks.addAll(SpringAi.hooks());
            hooks.addAll(McpSdk.hooks());
        } else {
            System.err.println("charter: attached after the application loaded dev.charter: identities are not"
                    + " carried across executors or into agent frameworks in this JVM; hand work over with Charter.wrap");
        }
        if (office != null) {
            hooks.addAll(PassportSetup.install(office));
        }
        Rewriter rewriter = Rewriter.of(instrumentation, actions, policy.actions(), hooks);
        if (onBootstrap) {
            HiddenClassRewriting.install(rewriter);
            rewriter.hook(HiddenClassRewriting.hooks());
        }
        rewriter.install();
        System.err.println(startLine(options, policy, enforcer.mode(), log.policyVersion(), ledger));
    }

    /**
     * The one line a start prints: {@code charter: enforcing charter.yaml (4 identities,
     * policy 3f2a9c0b1d2e…, ledger memory)}, or in audit mode {@code charter: AUDIT ONLY — nothing is
     * refused …} with the same facts; a ledger that cannot be reached is said there too.
     */
    static String startLine(AgentOptions options, Policy policy, Mode mode, String version, Ledgers.Opened ledger) {
        int identities = policy.identities().size();
        String facts = options.policy() + " (" + identities + (identities == 1 ? " identity" : " identities")
                + ", policy " + (version == null ? "unreadable" : version) + "…, ledger " + ledger.name()
                + (ledger.problem() == null ? "" : " unreachable: " + ledger.problem()
                        + "; every scoped call is refused until it answers") + ")";
        return mode == Mode.AUDIT ? "charter: AUDIT ONLY — nothing is refused, decisions are only recorded: " + facts
                : "charter: enforcing " + facts;
    }

    /** Names the actions entries whose class or annotation is nowhere on the class path: valid, but worth a look. */
    private static void reportUnmatched(Policy policy) {
        for (ActionTarget target : policy.actions()) {
            String type = target.annotation() != null ? target.annotation() : target.className();
            if (ClassLoader.getSystemResource(type.replace('.', '/') + ".class") == null) {
                System.err.println("charter: actions entry " + target.rule() + " (" + target.target()
                        + ") matches nothing on the class path yet; it is enforced if such a class loads");
            }
        }
    }

    private static Ledgers.Opened openLedger(AgentOptions options) throws AgentOptions.Invalid {
        try {
            return Ledgers.open(options.ledger(), options.ledgerNamespace(), options.ledgerTimeout());
        } catch (IllegalArgumentException e) {
            throw new AgentOptions.Invalid("ledger: " + e.getMessage());
        }
    }

    private static AuditFile openAudit(AgentOptions options) throws IOException {
        try {
            return AuditFile.open(options.audit());
        } catch (IOException e) {
            throw new IOException("cannot open the audit log " + options.audit() + ": " + e, e);
        }
    }

    // classes rather than lambdas or method references here: each of those is a class spun at every start

    /** A system property, or an environment variable, by name. */
    private static final class SystemSetting implements UnaryOperator<String> {
        private final boolean environment;

        SystemSetting(boolean environment) {
            this.environment = environment;
        }

        @Override
        public String apply(String name) {
            return environment ? System.getenv(name) : System.getProperty(name);
        }
    }

    /** The ledger's revocations, as passports are checked against them. */
    private static final class LedgerRevocations implements dev.charter.agent.passport.Revocations {
        private final dev.charter.agent.enforce.Revocations known;

        LedgerRevocations(dev.charter.agent.enforce.Revocations known) {
            this.known = known;
        }

        @Override
        public String revoked(List<String> chain) {
            return known.reason(chain, Clock.systemUTC());
        }
    }
}
