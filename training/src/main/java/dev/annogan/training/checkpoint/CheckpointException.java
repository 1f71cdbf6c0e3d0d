package dev.annogan.training.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** Signals a checkpoint that cannot be written or trusted, naming its directory and the part. */
public class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * Creates an exception about the checkpoint in {@code directory}.
     *
     * @param directory the checkpoint's directory, which starts the message
     * @param message what is wrong, naming the part concerned
     */
    public CheckpointException(Path directory, String message) {
        super(directory + ": " + message);
        this.directory = directory;
    }

    /**
     * Creates an exception about the checkpoint in {@code directory} with its cause.
     *
     * @param directory the checkpoint's directory, which starts the message
     * @param message what is wrong, naming the part concerned
     * @param cause the underlying failure
     */
    public CheckpointException(Path directory, String message, Throwable cause) {
        super(directory + ": " + message, cause);
        this.directory = directory;
    }

    /**
     * Returns the directory of the checkpoint concerned.
     *
     * @return the checkpoint's directory
     */
    public Path getDirectory() {
        return directory;
    }
}
