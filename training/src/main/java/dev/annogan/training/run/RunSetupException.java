package dev.annogan.training.run;

/**
 * A run cannot start as asked: the data or the run folder do not fit the request (an empty split,
 * no labelled image, a folder that already holds another run). The message is one line meant for
 * the user, naming the file or option at fault.
 */
public class RunSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the user's one-line message. */
    public RunSetupException(String message) {
        super(message);
    }

    /** Creates the exception with the user's one-line message and what caused it. */
    public RunSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
