package dev.charter.bench.startup;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of the generated application (copied into its jar by {@link AppGenerator}): prints
 * the wall clock as its first act, loads and initializes every generated class, calls every scoped
 * tool under a bound identity, tries the one tool nobody may call, and prints the wall clock again.
 * Depends on the JDK and the Charter API only.
 */
public final class StartupApp {

    /** The index of the generated classes, in the application's jar. */
    static final String INDEX = "startup-app.txt";
    /** What every line this application prints starts with. */
    static final String PREFIX = "charter-startup ";

    private StartupApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(PREFIX + "main " + epochMicros(Instant.now()));
        List<String> classes = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        String forbidden = null;
        String identity = null;
        for (String line : index()) {
            String[] entry = line.split(" ", 2);
            switch (entry[0]) {
                case "class" -> classes.add(entry[1]);
                case "tool" -> tools.add(entry[1]);
                case "forbidden" -> forbidden = entry[1];
                case "identity" -> identity = entry[1];
                default -> throw new IllegalStateException("bad index line: " + line);
            }
        }
        ClassLoader loader = StartupApp.class.getClassLoader();
        int loaded = 0;
        for (String name : classes) {
            Class.forName(name, true, loader);
            loaded++;
        }
        long sum = 0;
        int called = 0;
        boolean enforced;
        try (Charter.Binding ignored = Charter.bind(identity)) {
            for (String name : tools) {
                sum += tool(name, loader).call("order/EU-" + called, called);
                called++;
            }
            try {
                sum += tool(forbidden, loader).call("order/EU-0", 1);
                enforced = false;
            } catch (ScopeViolation refused) {
                enforced = true;
            }
        }
        System.out.println(PREFIX + "loaded " + loaded + " called " + called + " enforced " + enforced + " sum " + sum);
        System.out.println(PREFIX + "end " + epochMicros(Instant.now()));
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static Tool tool(String name, ClassLoader loader) throws ReflectiveOperationException {
        return (Tool) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
    }

    private static List<String> index() throws IOException {
        try (InputStream in = StartupApp.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IOException("no " + INDEX + " on the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
    }
}
