package dev.charter.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a fresh JVM of the JDK running these tests, with the application fixtures on its class path. */
public final class Jvm {

    public static final Path AGENT = Path.of(System.getProperty("charter.agent.jar"));
    public static final Path POLICY = resource("it/charter.yaml");

    private final List<String> options = new ArrayList<>();
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> classPath = new ArrayList<>();

    private Jvm() {
        classPath.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        classPath.add(location(dev.charter.Charter.class));
    }

    public static Jvm fork() {
        return new Jvm();
    }

    /** Adds {@code -javaagent:<charter agent>=<arguments>}. */
    public Jvm withCharter(String arguments) {
        return option("-javaagent:" + AGENT + (arguments.isEmpty() ? "" : "=" + arguments));
    }

    /** Runs the {@code java} at {@code path} instead of the JDK running these tests. */
    public Jvm java(Path path) {
        java = path.toString();
        return this;
    }

    public Jvm option(String... more) {
        options.addAll(Arrays.asList(more));
        return this;
    }

    public Jvm classPath(String entry) {
        classPath.add(entry);
        return this;
    }

    public Result run(Class<?> main, String... arguments) throws IOException, InterruptedException {
        List<String> command = command(main, arguments);
        Path out = Files.createTempFile("charter-it-", ".out");
        Path err = Files.createTempFile("charter-it-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), command);
        Files.delete(out);
        Files.delete(err);
        everyHookMatched(result.err(), result);
        return result;
    }

    /**
     * Fails when the agent said a hook of a class found no method to hook: a library (or the JDK)
     * changed under it. Checked for every JVM these tests start, so each framework's hooks are
     * checked against the real jars of the tests that load it.
     */
    private static void everyHookMatched(String err, Object jvm) {
        if (err.contains("Charter found no method")) {
            throw new AssertionError("a hook matched nothing\n" + jvm);
        }
    }

    /** Starts the JVM and returns at once; its output is discarded. For tests that stop it themselves. */
    public Process launch(Class<?> main, String... arguments) throws IOException {
        return new ProcessBuilder(command(main, arguments)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Starts the JVM and leaves it running: a server for another JVM to call, or a JVM the test talks to line by line. */
    public Running start(Class<?> main, String... arguments) throws IOException {
        List<String> command = command(main, arguments);
        Path err = Files.createTempFile("charter-it-", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        return new Running(process, err, command);
    }

    private List<String> command(Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(main.getName());
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    /** A JVM started with {@link #start}: one line in, one line out, or its output read line by line; closing it ends it. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path err;
        private final List<String> command;
        private final java.io.BufferedReader out;
        private final java.io.PrintWriter in;

        Running(Process process, Path err, List<String> command) {
            this.process = process;
            this.err = err;
            this.command = command;
            this.out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new java.io.PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        }

        /** Sends one line and returns the next line the JVM prints; fails the test if it prints none. */
        public String ask(String line) throws IOException {
            in.println(line);
            String answer = out.readLine();
            if (answer == null) {
                throw new AssertionError("no answer to '" + line + "'\n" + this);
            }
            return answer;
        }

        /** The next line it prints that starts with {@code prefix}, waiting for it as long as the JVM runs. */
        public String awaitLine(String prefix) throws IOException, InterruptedException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            throw new AssertionError("ended without printing " + prefix + ": " + (ended ? "exit " + process.exitValue() : "running")
                    + "\n" + this);
        }

        /** What it has written to stderr so far. */
        public String err() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String written;
            try {
                written = err();
            } catch (IOException e) {
                written = e.toString();
            }
            return "--- command\n" + String.join(" ", command) + "\n--- err\n" + written;
        }

        /** Ends it: its standard input closes (a JVM that reads it then ends on its own), else it is stopped. */
        @Override
        public void close() throws IOException, InterruptedException {
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            String written = Files.exists(err) ? err() : "";
            Files.deleteIfExists(err);
            everyHookMatched(written, "--- command\n" + String.join(" ", command) + "\n--- err\n" + written);
        }
    }

    public static Path resource(String name) {
        return Path.of("target", "test-classes", name).toAbsolutePath();
    }

    static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a forked JVM did. */
    public record Result(int exit, String out, String err, List<String> command) {

        /** The outcome printed for {@code name}: {@code ALLOWED}, {@code DENIED <message>} or {@code ERROR ...}. */
        public String outcome(String name) {
            for (String line : out.split("\n")) {
                if (line.startsWith(name + " ")) {
                    return line.substring(name.length() + 1);
                }
            }
            throw new AssertionError("no outcome for " + name + " in\n" + this);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- command\n" + String.join(" ", command) + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
