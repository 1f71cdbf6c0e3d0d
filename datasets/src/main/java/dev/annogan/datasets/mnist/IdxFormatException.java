package dev.annogan.datasets.mnist;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Signals that a file is not the IDX file it should be: wrong magic number, dimensions or length.
 */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception whose message starts with the file's path.
     *
     * @param file the offending file
     * @param reason what is wrong with it
     */
    public IdxFormatException(Path file, String reason) {
        super(file + ": " + reason);
    }

    /**
     * Creates an exception whose message starts with the file's path.
     *
     * @param file the offending file
     * @param reason what is wrong with it
     * @param cause the underlying error
     */
    public IdxFormatException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
