package dev.charter.bench.startup;

import dev.charter.bench.Bench;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The start-up measurement: generates an application of {@code --classes} classes ({@code --tools}
 * of them scoped), then starts it {@code --runs} times without and with the Charter agent,
 * alternately, and reports the medians of the time to the first line of {@code main}, to the end of
 * {@code main} and to the process's exit, all taken against the wall clock read just before the
 * process was started, and the JVM's own "Create VM" phase ({@code -Xlog:startuptime}), which
 * includes the agent's {@code premain}. One unmeasured start of each comes first, to warm the disk cache.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.charter.bench.startup.StartupBench [--runs 10]
 *     [--classes 5000] [--tools 40] [--java JAVA] [--agent JAR] [--annotations JAR] [--keep]</pre>
 */
public final class StartupBench {

    private static final Pattern CREATE_VM = Pattern.compile("Create VM, ([0-9.]+) secs");

    /** What to measure with. */
    record Options(int runs, int classes, int tools, Path java, Path agent, Path annotations, boolean keep) {

        static Options parse(String... args) throws IOException {
            int runs = 10;
            int classes = 5_000;
            int tools = 40;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path agent = null;
            Path annotations = null;
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(required(args[i], value));
                    case "--classes" -> classes = Integer.parseInt(required(args[i], value));
                    case "--tools" -> tools = Integer.parseInt(required(args[i], value));
                    case "--java" -> java = Path.of(required(args[i], value));
                    case "--agent" -> agent = Path.of(required(args[i], value));
                    case "--annotations" -> annotations = Path.of(required(args[i], value));
                    case "--keep" -> {
                        keep = true;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; options: --runs N "
                            + "--classes N --tools N --java JAVA --agent JAR --annotations JAR --keep");
                }
                i++;
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            return new Options(runs, classes, tools, java,
                    existing(agent != null ? agent : Bench.besideThisJar("charter-agent.jar")),
                    existing(annotations != null ? annotations : Bench.besideThisJar("charter-annotations.jar")), keep);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static Path existing(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException("no such file: " + file + " (build with 'mvn -B -q -pl bench -am package -DskipTests')");
            }
            return file.toAbsolutePath();
        }
    }

    /** One start of the application; times in microseconds from just before the process started. */
    record Run(boolean agent, long toMain, long toEnd, long toExit, long createVm) {
    }

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("charter-startup: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = Files.createTempDirectory("charter-startup-");
        try {
            long started = System.nanoTime();
            AppGenerator.App app = AppGenerator.write(dir.resolve("app.jar"), options.classes(), options.tools());
            System.out.printf(Locale.ROOT, "# charter-startup: generated %,d classes (%,d with @ScopedAction) in %d ms: %s%n",
                    app.classes(), app.scopedClasses(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), app.jar());
            Path policy = dir.resolve("charter-startup.yaml");
            Files.writeString(policy, AppGenerator.policy(), StandardCharsets.UTF_8);
            launch(options, app, policy, dir, false, -1);
            launch(options, app, policy, dir, true, -1);
            List<Run> runs = new ArrayList<>();
            for (int n = 0; n < options.runs(); n++) {
                boolean agentFirst = n % 2 == 1;
                runs.add(launch(options, app, policy, dir, agentFirst, n));
                runs.add(launch(options, app, policy, dir, !agentFirst, n));
            }
            report(options, app, runs);
        } finally {
            if (options.keep()) {
                System.out.println("# charter-startup: kept " + dir);
            } else {
                delete(dir);
            }
        }
    }

    /** Starts the application once and checks that it ran, and was enforced exactly when the agent was on. */
    static Run launch(Options options, AppGenerator.App app, Path policy, Path dir, boolean agent, int n)
            throws IOException, InterruptedException {
        String name = (agent ? "agent-" : "plain-") + (n < 0 ? "warmup" : Integer.toString(n));
        Path log = dir.resolve(name + ".startuptime.log");
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>();
        command.add(options.java().toString());
        command.add("-Xlog:startuptime:file=" + log);
        if (agent) {
            command.add("-javaagent:" + options.agent() + "=policy=" + policy);
        }
        command.add("-cp");
        command.add(app.jar() + File.pathSeparator + options.annotations());
        command.add(StartupApp.class.getName());

        long before = StartupApp.epochMicros(Instant.now());
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the application did not end within 120 s: " + String.join(" ", command));
        }
        long exited = StartupApp.epochMicros(Instant.now());

        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        long main = -1;
        long end = -1;
        String outcome = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith(StartupApp.PREFIX + "main ")) {
                main = Long.parseLong(line.substring((StartupApp.PREFIX + "main ").length()).trim());
            } else if (line.startsWith(StartupApp.PREFIX + "end ")) {
                end = Long.parseLong(line.substring((StartupApp.PREFIX + "end ").length()).trim());
            } else if (line.startsWith(StartupApp.PREFIX + "loaded ")) {
                outcome = line.substring(StartupApp.PREFIX.length()).trim();
            }
        }
        String expected = "loaded " + app.plainClasses() + " called " + (app.scopedClasses() - 1) + " enforced " + agent;
        if (process.exitValue() != 0 || main < 0 || end < 0 || outcome == null || !outcome.startsWith(expected + " ")) {
            throw new IllegalStateException("the application did not run as expected (" + expected + ")\n$ "
                    + String.join(" ", command) + "\nexit " + process.exitValue() + "\n" + stdout
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(agent, main - before, end - before, exited - before, createVm(log));
    }

    /** The JVM's "Create VM" phase from {@code -Xlog:startuptime}, in microseconds; -1 if absent. */
    private static long createVm(Path log) throws IOException {
        Matcher matcher = CREATE_VM.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
        return matcher.find() ? Math.round(Double.parseDouble(matcher.group(1)) * 1_000_000) : -1;
    }

    private static void report(Options options, AppGenerator.App app, List<Run> runs) {
        List<Run> plain = runs.stream().filter(run -> !run.agent()).toList();
        List<Run> agent = runs.stream().filter(Run::agent).toList();
        System.out.println();
        System.out.printf(Locale.ROOT, "# charter-startup: %,d classes (%,d with @ScopedAction), %d runs each, %s, %d cores; "
                + "median (min-max), ms%n", app.classes(), app.scopedClasses(), options.runs(), options.java(),
                Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.println("| | to main | to end of main | to process exit | JVM \"Create VM\" |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("without agent", plain);
        row("with agent", agent);
        System.out.printf(Locale.ROOT, "| agent - without (medians) | %s | %s | %s | %s |%n",
                delta(agent, plain, Run::toMain), delta(agent, plain, Run::toEnd), delta(agent, plain, Run::toExit),
                delta(agent, plain, Run::createVm));
        System.out.println();
        System.out.printf(Locale.ROOT, "premain (derived: to main with agent - without): %s ms; the JVM's view (Create VM, "
                + "which runs premain): %s ms%n", delta(agent, plain, Run::toMain), delta(agent, plain, Run::createVm));
        System.out.printf(Locale.ROOT, "main itself (load %,d classes, %d scoped calls): %s ms without, %s ms with the agent%n",
                app.plainClasses(), app.scopedClasses(), millis(median(plain, run -> run.toEnd() - run.toMain())),
                millis(median(agent, run -> run.toEnd() - run.toMain())));
    }

    private static void row(String label, List<Run> runs) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", label, cell(runs, Run::toMain), cell(runs, Run::toEnd),
                cell(runs, Run::toExit), cell(runs, Run::createVm));
    }

    private static String cell(List<Run> runs, ToDoubleFunction<Run> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        return millis(median(runs, metric)) + " (" + millis(values[0]) + "-" + millis(values[values.length - 1]) + ")";
    }

    private static String delta(List<Run> agent, List<Run> plain, ToDoubleFunction<Run> metric) {
        return String.format(Locale.ROOT, "%+.1f", (median(agent, metric) - median(plain, metric)) / 1_000);
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static String millis(double micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1_000);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
