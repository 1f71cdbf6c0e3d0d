package dev.annogan.training;

/**
 * Thrown when a run diverges (NaN or infinite losses, or a collapsed D) more often than the
 * divergence guard may repair; the message says what happened and where the last good model is.
 */
public class DivergenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message users read. */
    public DivergenceException(String message) {
        super(message);
    }
}
