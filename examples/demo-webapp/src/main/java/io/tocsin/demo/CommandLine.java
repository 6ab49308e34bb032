package io.tocsin.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one sub-command: {@code --name VALUE} or {@code --name=VALUE} for options with a
 * value, {@code --name} for flags, anything else positional. Errors name the option.
 */
final class CommandLine {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLine() {
    }

    /**
     * Parses {@code args}.
     *
     * @param withValue option names that take a value, e.g. {@code --config}
     * @param flags option names without one, e.g. {@code --dry-run}
     * @throws IllegalArgumentException naming an unknown option or a missing value
     */
    static CommandLine parse(List<String> args, Set<String> withValue, Set<String> flags) {
        CommandLine line = new CommandLine();
        boolean onlyPositional = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyPositional || !arg.startsWith("--")) {
                line.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositional = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (withValue.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                if (line.values.put(name, value) != null) {
                    throw new IllegalArgumentException(name + " is given twice");
                }
            } else if (flags.contains(name) && eq < 0) {
                line.values.put(name, "true");
            } else {
                throw new IllegalArgumentException("unknown option \"" + arg + "\"");
            }
        }
        return line;
    }

    String value(String name) {
        return values.get(name);
    }

    String value(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }

    /** A port number, 0 to 65535, from option {@code name}. */
    int port(String name, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " \"" + value + "\" is not a port number (0 to 65535)");
    }
}
