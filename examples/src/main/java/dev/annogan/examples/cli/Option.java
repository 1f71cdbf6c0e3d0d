package dev.annogan.examples.cli;

/**
 * One command-line option of a command.
 *
 * @param name the long name without dashes, e.g. {@code "out"} for {@code --out}
 * @param valueName what the value is, e.g. {@code "DIR"}; {@code null} for a flag
 * @param help one line of help
 * @param defaultValue the default shown in help and used when absent; {@code null} when required
 *     (for a valued option) or false (for a flag)
 */
public record Option(String name, String valueName, String help, String defaultValue) {

    /** Returns a required option that takes a value. */
    public static Option required(String name, String valueName, String help) {
        return new Option(name, valueName, help, null);
    }

    /** Returns an option with a value and a default. */
    public static Option optional(String name, String valueName, String help, Object def) {
        return new Option(name, valueName, help, String.valueOf(def));
    }

    /** Returns a flag (an option without a value). */
    public static Option flag(String name, String help) {
        return new Option(name, null, help, null);
    }

    /** Returns whether this option is a flag. */
    public boolean isFlag() {
        return valueName == null;
    }

    /**
     * Returns how many command-line words the value takes: one per word of the value name, so
     * {@code "KIND DIR"} takes two ({@code --data fashion-mnist ../data}); 0 for a flag.
     */
    public int arity() {
        return isFlag() ? 0 : valueName.split(" ").length;
    }

    /** Returns whether the option must be given. */
    public boolean isRequired() {
        return !isFlag() && defaultValue == null;
    }
}
