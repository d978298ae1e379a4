package dev.charter.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, to fill up for real. Mounting needs root (CI runs the tests as
 * root); where it is impossible, the test that asked is skipped, saying why on stderr and in the report.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (such as {@code 256k}) on {@code dir}, or skips the test. */
    public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String problem = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (problem != null) {
            System.err.println("SKIPPED: cannot mount a tmpfs to fill up, so the full-disk case is not tested here: "
                    + problem);
        }
        Assumptions.assumeTrue(problem == null, () -> "cannot mount a tmpfs to fill up: " + problem);
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String problem = run("umount", dir.toString());
        if (problem != null) {
            throw new IOException("cannot unmount " + dir + ": " + problem);
        }
    }

    /** Runs a command; returns {@code null} when it succeeds, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + process.exitValue() + ": " + said;
    }
}
