package dev.charter.bench.startup;

/** What the generated scoped classes implement, so that {@link StartupApp} calls them like any code would. */
public interface Tool {

    long call(String resource, long amount);
}
