package dev.annogan.examples.cli;

/**
 * A mistake the user can fix (a bad option, a missing file): printed as one line, no stack trace.
 */
public class UserError extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an error with the message the user will read. */
    public UserError(String message) {
        super(message);
    }
}
