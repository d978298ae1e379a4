package dev.charter.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spring Security 7 method security through an AOP proxy, with Spring's default logging and with
 * logging off. JMH starts a fork per benchmark and parameter, so each fork selects its logging
 * before any Spring class is initialized.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SpringSecurityBench {

    private static final String USER = "user:alice";
    private static final String AUTHORITY = "payments:refund";

    /** {@code default}: commons-logging's pick with no logging library (java.util.logging); {@code off}: no-op. */
    @Param({"default", "off"})
    public String logging;

    private SpringRefunds preAuthorized;
    private SpringRefunds authorizationManaged;
    /** Read from a field on every call, so that the call cannot be folded into a constant. */
    private long cents = 42;

    @Setup(Level.Trial)
    public void setUp() {
        AgentCheck.requireAgent();
        SpringSecurity.Logging chosen = SpringSecurity.Logging.valueOf(logging.toUpperCase(Locale.ROOT));
        chosen.select();
        SpringSecurity.authenticate(USER, AUTHORITY);
        preAuthorized = SpringSecurity.preAuthorize();
        authorizationManaged = SpringSecurity.authorizationManager();
        chosen.require();
        SpringSecurity.requireRefusal(preAuthorized, USER, AUTHORITY);
        SpringSecurity.requireRefusal(authorizationManaged, USER, AUTHORITY);
        SpringSecurity.clear();
    }

    /** Authenticated per iteration, as the Charter cases bind their identity. */
    @Setup(Level.Iteration)
    public void authenticate() {
        SpringSecurity.authenticate(USER, AUTHORITY);
    }

    @TearDown(Level.Iteration)
    public void clear() {
        SpringSecurity.clear();
    }

    /** {@code @PreAuthorize("hasAuthority('payments:refund')")}: a SpEL expression per call. */
    @Benchmark
    public long preAuthorize() {
        return preAuthorized.refund(cents);
    }

    /** {@code AuthorityAuthorizationManager.hasAuthority("payments:refund")} in the same interceptor. */
    @Benchmark
    public long authorizationManager() {
        return authorizationManaged.refund(cents);
    }
}
