package dev.annogan.datasets.image;

import java.io.IOException;
import java.nio.file.Path;

/** Signals that a file exists but does not decode to an image: unknown format, corrupt or cut. */
public class ImageDecodeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates an exception whose message starts with the file's path.
     *
     * @param file the file that failed to decode
     * @param reason what went wrong
     * @param cause the decoder's own exception, or {@code null}
     */
    public ImageDecodeException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    /**
     * Returns the file that failed to decode.
     *
     * @return the path as given to the loader
     */
    public Path getFile() {
        return file;
    }
}
