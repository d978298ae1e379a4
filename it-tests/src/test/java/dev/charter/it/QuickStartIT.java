package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays a new user who follows the README's quick start in an empty Maven project: the project is made
 * from the README's own snippets, built by Maven against the artifacts this build made (placed where
 * {@code mvn install} puts them, in a local repository of the test's own), with nothing from the
 * network, then run with the agent as the README says.
 */
class QuickStartIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("charter.version");
    /** {@code <!-- snippet: name -->} followed by a fenced block. */
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\w+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);

    private static Map<String, String> snippets;

    @TempDir
    static Path dir;

    @BeforeAll
    static void readReadme() throws IOException {
        snippets = new LinkedHashMap<>();
        Matcher matcher = SNIPPET.matcher(Files.readString(ROOT.resolve("README.md")));
        while (matcher.find()) {
            snippets.put(matcher.group(1), matcher.group(2));
        }
    }

    @Test
    void readme_namesNoOtherVersionOfCharter() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher versions = Pattern.compile("charter-(?:annotations|agent)[-:](\\d[\\w.-]*?)(?:\\.jar|\\b[\"\\s)])").matcher(readme);
        List<String> named = new ArrayList<>();
        while (versions.find()) {
            named.add(versions.group(1));
        }
        Matcher tags = Pattern.compile("<artifactId>charter-[a-z]+</artifactId>\\s*<version>([^<]+)</version>").matcher(readme);
        while (tags.find()) {
            named.add(tags.group(1));
        }
        assertFalse(named.isEmpty(), "the README names the version to use");
        assertEquals(List.of(VERSION), named.stream().distinct().toList(), "every version the README names is the build's");
    }

    @Test
    void quickStart_buildsTestsAndRunsAsWritten() throws Exception {
        for (String name : List.of("dependency", "plugins", "main", "test", "policy", "run")) {
            assertTrue(snippets.containsKey(name), "the README has the snippet '" + name + "': " + snippets.keySet());
        }
        Path project = Files.createDirectories(dir.resolve("new-project"));
        Path repository = installed(dir.resolve("repository"));
        Path settings = Files.writeString(dir.resolve("settings.xml"), settings());
        Files.writeString(project.resolve("pom.xml"), pom());
        write(project.resolve("src/main/java/com/example/Refunds.java"), snippets.get("main"));
        write(project.resolve("src/test/java/com/example/RefundsTest.java"), snippets.get("test"));
        write(project.resolve("charter.yaml"), snippets.get("policy"));

        List<String> run = snippets.get("run").lines().filter(line -> !line.isBlank()).toList();
        assertEquals(2, run.size(), "a build command, then a java command: " + run);
        Result build = shell(project, run.get(0) + " -s " + settings + " -Dmaven.repo.local=" + repository);
        assertEquals(0, build.exit(), build.toString());
        String reports = surefireReports(project);
        assertTrue(reports.contains("tests=\"1\"") && reports.contains("failures=\"0\"") && reports.contains("errors=\"0\""),
                "the README's test ran with the agent through the argLine, and passed:\n" + reports);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result app = shell(project, run.get(1).replaceFirst("^java ", java + " "));
        assertEquals(0, app.exit(), app.toString());
        assertTrue(app.out().startsWith("refunded order/EU-1 500\n"), app.toString());
        assertTrue(app.out().contains("refused: agent:refund-bot may not payments:refund on "), app.toString());
        assertFalse(app.out().contains("refunded order/US-9"), app.toString());

        Result check = shell(project, java + " -jar target/charter-agent.jar check charter.yaml");
        assertEquals(0, check.exit(), check.toString());
        assertTrue(check.out().contains("charter.yaml: no findings"), check.toString());
    }

    @Test
    void quickStart_withoutTheAgentsArgLine_theSameTestFails() throws Exception {
        // the README's test asserts a refusal, so it can only pass when the argLine really attached the agent
        Path project = Files.createDirectories(dir.resolve("no-agent"));
        Path repository = installed(dir.resolve("repository"));
        Path settings = Files.writeString(dir.resolve("settings.xml"), settings());
        Files.writeString(project.resolve("pom.xml"), pom().replaceAll("(?s)<argLine>.*?</argLine>", ""));
        write(project.resolve("src/main/java/com/example/Refunds.java"), snippets.get("main"));
        write(project.resolve("src/test/java/com/example/RefundsTest.java"), snippets.get("test"));
        write(project.resolve("charter.yaml"), snippets.get("policy"));
        Result build = shell(project, "mvn -B -q test -s " + settings + " -Dmaven.repo.local=" + repository);
        assertEquals(1, build.exit(), build.toString());
        assertTrue(build.out().contains("refundOutsideTheGrant_isRefused"), build.toString());
    }

    /** A new project's pom: the README's dependency and plugins, with the lifecycle's plugins at the versions this build uses. */
    private static String pom() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String pluginManagement = between(parent, "<pluginManagement>", "</pluginManagement>");
        String junit = between(parent, "<junit.version>", "</junit.version>");
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>refunds</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <pluginManagement>%s</pluginManagement>
                    <plugins>
                %s
                    </plugins>
                  </build>
                </project>
                """.formatted(snippets.get("dependency"), junit, pluginManagement, snippets.get("plugins"));
    }

    /**
     * A local repository holding this build's artifacts as {@code mvn install} lays them out; everything
     * else comes from the machine's own local repository, read as a file repository, never the network.
     */
    private static Path installed(Path repository) throws IOException {
        Path charter = repository.resolve("dev/charter");
        if (Files.exists(charter)) {
            return repository;
        }
        place(charter.resolve("charter-parent/" + VERSION + "/charter-parent-" + VERSION + ".pom"), ROOT.resolve("pom.xml"));
        place(charter.resolve("charter-annotations/" + VERSION + "/charter-annotations-" + VERSION + ".pom"),
                ROOT.resolve("annotations/pom.xml"));
        place(charter.resolve("charter-annotations/" + VERSION + "/charter-annotations-" + VERSION + ".jar"),
                ROOT.resolve("annotations/target/charter-annotations-" + VERSION + ".jar"));
        place(charter.resolve("charter-agent/" + VERSION + "/charter-agent-" + VERSION + ".pom"), ROOT.resolve("agent/pom.xml"));
        place(charter.resolve("charter-agent/" + VERSION + "/charter-agent-" + VERSION + ".jar"),
                ROOT.resolve("agent/target/charter-agent-" + VERSION + ".jar"));
        return repository;
    }

    private static void place(Path to, Path from) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static String settings() {
        String local = Path.of(System.getProperty("maven.local.repository")).toUri().toString();
        return """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>this-machine</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(local);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        return text.substring(from + start.length(), text.indexOf(end, from));
    }

    private static String surefireReports(Path project) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(project.resolve("target/surefire-reports"))) {
            for (Path file : files.filter(each -> each.toString().endsWith(".xml")).toList()) {
                String xml = Files.readString(file);
                all.append(xml, 0, xml.indexOf('>', xml.indexOf("<testsuite")) + 1).append('\n');
            }
        }
        return all.toString();
    }

    private record Result(int exit, String out, String err, String command) {

        @Override
        public String toString() {
            return "$ " + command + "\nexit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs {@code command} with {@code bash -c} in {@code directory}. */
    private static Result shell(Path directory, String command) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "stderr-", ".txt");
        Process process = new ProcessBuilder("bash", "-c", command).directory(directory.toFile())
                .redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8), command);
    }
}
