package dev.annogan.examples.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parsed options of one command: {@code --name value} pairs and {@code --flag}s. */
public final class Args {

    /** Joins the words of a several-word value; no command-line argument holds it. */
    private static final String WORD_SEPARATOR = "\u0000";

    private final Map<String, String> values;
    private final Set<String> flags;
    private final Set<String> given;

    private Args(Map<String, String> values, Set<String> flags, Set<String> given) {
        this.values = values;
        this.flags = flags;
        this.given = given;
    }

    /**
     * Collects the options a parser matched, adding the defaults of those not given.
     *
     * @param given the words of each valued option on the command line, by name without dashes
     * @param flags the flags on the command line
     * @param options the command's options
     * @throws UserError for a required option that is missing
     */
    public static Args of(Map<String, List<String>> given, Set<String> flags, List<Option> options)
            throws UserError {
        Map<String, String> values = new HashMap<>();
        given.forEach((name, words) -> values.put(name, String.join(WORD_SEPARATOR, words)));
        Set<String> named = new HashSet<>(given.keySet());
        named.addAll(flags);
        for (Option option : options) {
            if (option.isRequired() && !values.containsKey(option.name())) {
                throw new UserError("missing --" + option.name() + " " + option.valueName());
            }
            if (!option.isFlag() && !values.containsKey(option.name())) {
                // A default of several words is written as the user would type it, "2 6".
                String value = option.defaultValue();
                values.put(
                        option.name(),
                        option.arity() > 1 ? String.join(WORD_SEPARATOR, value.split(" ")) : value);
            }
        }
        return new Args(values, Set.copyOf(flags), named);
    }

    /**
     * Returns the words of an option whose value may be several words (see {@link Option#arity()}):
     * those given, from one up to the arity. Any other option gives its one word; an option without
     * a value gives none.
     */
    public List<String> words(String name) {
        String value = get(name);
        return value == null ? List.of() : List.of(value.split(WORD_SEPARATOR, -1));
    }

    /** Returns an option's value (its default when absent), or {@code null} if it has none. */
    public String get(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Returns an option's value as a path, or {@code null}. */
    public Path path(String name) {
        String value = get(name);
        return value == null ? null : Path.of(value);
    }

    /** Returns whether the command line names the option (a flag, or a value not defaulted). */
    public boolean given(String name) {
        return given.contains(name);
    }

    /** Returns whether a flag was given. */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** Returns an option's value as an int within {@code [min, max]}. */
    public int integer(String name, int min, int max) throws UserError {
        String value = get(name);
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UserError(
                        "--" + name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be an integer, got '" + value + "'");
        }
    }

    /** Returns an option's value as a long. */
    public long longValue(String name) throws UserError {
        String value = get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be an integer, got '" + value + "'");
        }
    }

    /** Returns an option's value as a double within {@code [min, max]}. */
    public double decimal(String name, double min, double max) throws UserError {
        String value = get(name);
        try {
            double d = Double.parseDouble(value);
            if (!(d >= min && d <= max)) {
                throw new UserError(
                        "--" + name + " must be between " + min + " and " + max + ", got " + d);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be a number, got '" + value + "'");
        }
    }

    /** Returns an option's value, which must be one of {@code choices}. */
    public String choice(String name, String... choices) throws UserError {
        String value = get(name);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return value;
            }
        }
        throw new UserError(
                "--"
                        + name
                        + " must be one of "
                        + String.join("|", choices)
                        + ", got '"
                        + value
                        + "'");
    }
}
