package dev.charter.agent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positional ones, and options written {@code --name value} or
 * {@code --name=value}. An option that takes several values ({@code --scan a.jar b/}) takes every
 * argument up to the next option, and may be repeated; any other takes exactly one, once.
 */
final class Arguments {

    /** Arguments a command cannot use; the message says which and why. */
    static final class Unusable extends Exception {

        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private final List<String> positional;
    private final Map<String, List<String>> options;

    private Arguments(List<String> positional, Map<String, List<String>> options) {
        this.positional = positional;
        this.options = options;
    }

    /**
     * Reads {@code args}, allowing the options in {@code single} (one value) and {@code several}
     * (one or more), and between {@code minimum} and {@code maximum} positional arguments.
     */
    static Arguments parse(List<String> args, Set<String> single, Set<String> several, int minimum, int maximum)
            throws Unusable {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            List<String> values = options.computeIfAbsent(name, key -> new ArrayList<>());
            if (!single.contains(name) && !several.contains(name)) {
                throw new Unusable("unknown option '--" + name + "'");
            }
            if (single.contains(name) && !values.isEmpty()) {
                throw new Unusable("option '--" + name + "' is given twice");
            }
            if (equals >= 0) {
                values.add(arg.substring(equals + 1));
            } else if (single.contains(name)) {
                if (i + 1 == args.size()) {
                    throw new Unusable("option '--" + name + "' needs a value");
                }
                values.add(args.get(++i));
            } else {
                int before = values.size();
                while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    values.add(args.get(++i));
                }
                if (values.size() == before) {
                    throw new Unusable("option '--" + name + "' needs at least one value");
                }
            }
        }
        if (positional.size() < minimum || positional.size() > maximum) {
            throw new Unusable(positional.size() < minimum ? "missing arguments" : "too many arguments: " + positional);
        }
        return new Arguments(List.copyOf(positional), options);
    }

    /** Positional argument {@code index}, or {@code null} when there are fewer. */
    String positional(int index) {
        return index < positional.size() ? positional.get(index) : null;
    }

    /** The values of option {@code name}, in order; empty when it is not given. */
    List<String> values(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    /** The value of option {@code name}, or {@code otherwise} when it is not given. */
    String value(String name, String otherwise) {
        List<String> values = options.get(name);
        return values == null ? otherwise : values.get(0);
    }
}
