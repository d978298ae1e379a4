package dev.charter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;

/**
 * The bench's entry point ({@code java -jar benchmarks.jar [JMH options]}): JMH, with every fork
 * started with the Charter agent on the bench policy, so that all cases run in the same kind of JVM
 * and the agent rewrites only the {@code @ScopedAction} methods of the Charter cases. It adds the
 * GC profiler (for B/op), fails on the first broken benchmark, leaves the SecurityManager out where
 * the forks' JDK is not 17, and prints one table of every case with its ratios.
 *
 * <p>Options: every JMH option; {@code -Dcharter.bench.agent=FILE} picks another agent jar (default:
 * {@code charter-agent.jar} beside {@code benchmarks.jar}).
 */
public final class Bench {

    /** What every fork's agent signs passports as and accepts them for ({@link PassportBench}). */
    static final String PASSPORT_AUDIENCE = "svc:bench";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("charter-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers()
                || cli.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Path work = Files.createTempDirectory("charter-bench-");
        boolean failed = false;
        try {
            Collection<RunResult> results = new Runner(options(cli, work).build()).run();
            Summary.print(results, System.out);
        } catch (RunnerException e) {
            System.err.println("charter-bench: " + e.getMessage());
            failed = true;
        } finally {
            delete(work); // the audit file of the denied case can grow large
        }
        if (failed) {
            System.exit(1);
        }
    }

    /** The command line's options, plus the agent for every fork, the GC profiler, and fail-on-error. */
    static ChainedOptionsBuilder options(CommandLineOptions cli, Path work) throws IOException, InterruptedException {
        return options(cli, work, null, List.of());
    }

    /**
     * As above, with the agent on {@code ledger} ({@code null}: the default, memory) and {@code more}
     * arguments for every fork.
     */
    static ChainedOptionsBuilder options(CommandLineOptions cli, Path work, String ledger, List<String> more)
            throws IOException, InterruptedException {
        Path agent = agentJar();
        Path policy = work.resolve("charter-bench.yaml");
        try (InputStream in = Bench.class.getResourceAsStream("charter-bench.yaml")) {
            Files.copy(in, policy, StandardCopyOption.REPLACE_EXISTING);
        }
        Path audit = work.resolve("audit.jsonl");
        Path key = work.resolve("bench.key");
        trustOwnKey(policy, key);
        for (Path path : List.of(agent, policy, audit, key)) {
            if (path.toString().contains(",")) {
                throw new IOException("the agent's options cannot name a path with a comma: " + path);
            }
        }
        List<String> jvmArgs = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
        jvmArgs.add("-javaagent:" + agent + "=policy=" + policy + ",audit=" + audit + ",issuer=" + PASSPORT_AUDIENCE
                + ",signing-key=" + key + ",audience=" + PASSPORT_AUDIENCE + (ledger == null ? "" : ",ledger=" + ledger));
        jvmArgs.add("-Dcharter.bench.audit=" + audit);
        jvmArgs.addAll(more);

        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).jvmArgsAppend(jvmArgs.toArray(String[]::new));
        if (cli.getProfilers().stream().map(ProfilerConfig::getKlass).noneMatch(Bench::isGcProfiler)) {
            options.addProfiler(GCProfiler.class);
        }
        if (!cli.shouldFailOnError().hasValue()) {
            options.shouldFailOnError(true);
        }
        int jdk = forkJdk(cli);
        if (jdk != SecurityManagerBench.JDK) {
            System.out.println("# charter-bench: the forks run JDK " + jdk + ": SecurityManagerBench left out (JDK "
                    + SecurityManagerBench.JDK + " only)");
            options.exclude(SecurityManagerBench.class.getSimpleName());
        }
        System.out.println("# charter-bench: every fork runs with -javaagent:" + agent + " (built "
                + Files.getLastModifiedTime(agent) + "), policy " + policy);
        return options;
    }

    /** Makes a key for the forks to sign passports with, and trusts it in the policy they run. */
    private static void trustOwnKey(Path policy, Path key) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JDK has no Ed25519", e);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(policy, "trust:\n  issuers:\n    " + PASSPORT_AUDIENCE + ": \""
                + base64.encodeToString(pair.getPublic().getEncoded()) + "\"\n", StandardOpenOption.APPEND);
    }

    private static boolean isGcProfiler(String name) {
        return name.equals("gc") || name.equals(GCProfiler.class.getName());
    }

    /** The agent jar: {@code -Dcharter.bench.agent}, else {@code charter-agent.jar} beside this jar. */
    static Path agentJar() throws IOException {
        String chosen = System.getProperty("charter.bench.agent");
        Path agent = chosen != null ? Path.of(chosen) : besideThisJar("charter-agent.jar");
        if (!Files.isRegularFile(agent)) {
            throw new IOException("no Charter agent jar at " + agent + ": build it with "
                    + "'mvn -B -q -pl bench -am package -DskipTests', or name one with -Dcharter.bench.agent=FILE");
        }
        return agent.toAbsolutePath();
    }

    /** A file beside {@code benchmarks.jar} (or beside {@code target/classes}, run from an IDE). */
    public static Path besideThisJar(String name) throws IOException {
        try {
            Path location = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve(name);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot locate the bench jar", e);
        }
    }

    /** The feature version of the JDK the forks run: {@code -jvm}, else this one. */
    static int forkJdk(CommandLineOptions cli) throws IOException, InterruptedException {
        if (!cli.getJvm().hasValue()) {
            return Runtime.version().feature();
        }
        Process process = new ProcessBuilder(cli.getJvm().get(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String settings = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        for (String line : settings.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("java.specification.version = ")) {
                return Runtime.Version.parse(trimmed.substring("java.specification.version = ".length())).feature();
            }
        }
        throw new IOException("cannot tell which JDK " + cli.getJvm().get() + " is:\n" + settings);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
