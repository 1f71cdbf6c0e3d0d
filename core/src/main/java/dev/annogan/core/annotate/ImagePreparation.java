package dev.annogan.core.annotate;

import ai.djl.ndarray.NDManager;
import java.io.IOException;

/**
 * Turns one input (a DJL {@code Image}, a file, ...) into the network's input exactly as training
 * prepared images: resized to the annotator's input size and normalised with its mean and standard
 * deviation. The translators stay independent of where images come from; {@link ResizeNormalize}
 * prepares DJL images, and AnnoGAN's command line prepares files with the loader training used.
 *
 * @param <I> the input type
 */
@FunctionalInterface
public interface ImagePreparation<I> {

    /**
     * Prepares one input.
     *
     * @param manager the manager that owns the returned array
     * @param input the input
     * @return the network input and the input's own size
     * @throws IOException if the input cannot be read or decoded
     */
    PreparedImage prepare(NDManager manager, I input) throws IOException;
}
