package dev.annogan.examples.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code annogan} command: its name, its options and what it does. */
public interface Command {

    /** Returns the words that select the command, e.g. {@code "coco check"}. */
    String name();

    /** Returns one line saying what the command does. */
    String summary();

    /** Returns the command's options. */
    List<Option> options();

    /**
     * Returns whether the command runs a network, and so takes {@code --verbose} to show the
     * engine's own warnings.
     */
    default boolean usesEngine() {
        return false;
    }

    /**
     * Runs the command, printing its report to {@code out}.
     *
     * @return the process exit code: 0 for success
     * @throws UserError for mistakes the user can fix
     * @throws Exception for anything else (reported with its message)
     */
    int run(Args args, PrintStream out) throws Exception;
}
