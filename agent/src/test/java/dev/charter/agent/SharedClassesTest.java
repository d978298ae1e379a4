package dev.charter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.Gate;
import dev.charter.ScopedAction;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The classes put in the boot loader are every top-level class of package {@code dev.charter} the agent jar holds. */
class SharedClassesTest {

    @Test
    void topLevel_namesEveryTopLevelClassOfTheApiAndTheRuntime() throws Exception {
        Set<String> found = new TreeSet<>();
        found.addAll(topLevel(location(ScopedAction.class))); // the annotations module: the API
        found.addAll(topLevel(location(Gate.class))); // this module: the runtime
        assertEquals(found, new TreeSet<>(SharedClasses.TOP_LEVEL));
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The simple names of the top-level classes in {@code dev/charter/} of a directory or a jar. */
    private static Set<String> topLevel(Path classes) throws IOException {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.list(classes.resolve("dev/charter"))) {
                files.map(file -> file.getFileName().toString()).forEach(name -> add(names, name));
            }
        } else {
            try (ZipFile jar = new ZipFile(classes.toFile())) {
                jar.stream().map(entry -> entry.getName()).filter(name -> name.startsWith("dev/charter/")
                        && name.indexOf('/', "dev/charter/".length()) < 0)
                        .forEach(name -> add(names, name.substring("dev/charter/".length())));
            }
        }
        return names;
    }

    private static void add(Set<String> names, String file) {
        if (file.endsWith(".class") && file.indexOf('$') < 0 && !file.equals("package-info.class")) {
            names.add(file.substring(0, file.length() - ".class".length()));
        }
    }
}
