package dev.charter.bench;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Passports through the real agent, which the runner starts as issuer and audience {@code svc:bench}
 * ({@link Bench#PASSPORT_AUDIENCE}): binding a passport seen before (no signature checked), a
 * passport's first binding (its signature checked), and beside them one bare Ed25519 verification
 * with the JDK's {@code Signature}, of a message as long as a passport's signed part.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PassportBench {

    private static final Duration HOUR = Duration.ofHours(1);

    /** A passport bound once already: in the agent's cache. */
    private String known;
    private Signature verifier;
    private KeyPair key;
    private byte[] message;
    private byte[] signature;

    @Setup(Level.Trial)
    public void passports() throws GeneralSecurityException {
        AgentCheck.requireEnforcing();
        known = mint();
        try (Charter.Binding ignored = Charter.bindPassport(known)) {
            if (!Charter.current().orElseThrow().equals("agent:refund-bot")) {
                throw new IllegalStateException("the passport bound " + Charter.current());
            }
        }
        try {
            Charter.bindPassport(known.substring(0, known.length() - 4) + "AAAA").close();
            throw new IllegalStateException("the agent bound a passport with a bad signature");
        } catch (ScopeViolation expected) {
            // checked: signatures are verified
        }
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        message = known.substring(0, known.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(message);
        signature = signer.sign();
    }

    /** A passport never bound before, made fresh for each call of {@link #firstBind}, outside its measurement. */
    @State(Scope.Thread)
    public static class Fresh {
        String passport;

        @Setup(Level.Invocation)
        public void mintOne() {
            passport = mint();
        }
    }

    static String mint() {
        try (Charter.Binding ignored = Charter.bind("agent:refund-bot")) {
            return Charter.passport(Bench.PASSPORT_AUDIENCE, HOUR);
        }
    }

    @Benchmark
    public Charter.Binding cachedBind() {
        Charter.Binding binding = Charter.bindPassport(known);
        binding.close();
        return binding;
    }

    @Benchmark
    public Charter.Binding firstBind(Fresh fresh) {
        Charter.Binding binding = Charter.bindPassport(fresh.passport);
        binding.close();
        return binding;
    }

    @Benchmark
    public boolean bareVerify() throws GeneralSecurityException {
        verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key.getPublic());
        verifier.update(message);
        return verifier.verify(signature);
    }
}
