package dev.annogan.training.checkpoint;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one named part of a checkpoint, such as a block's parameters or an optimizer's state. */
@FunctionalInterface
public interface PartWriter {

    /**
     * Writes the part's bytes to {@code out}.
     *
     * <p>The store hashes and syncs what arrives; closing {@code out} only flushes it.
     *
     * @param out the stream to write to
     * @throws IOException if the part cannot be written; the checkpoint is then abandoned
     */
    void write(OutputStream out) throws IOException;
}
