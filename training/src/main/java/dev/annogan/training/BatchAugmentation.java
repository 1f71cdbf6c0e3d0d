package dev.annogan.training;

import ai.djl.training.dataset.Batch;

/**
 * Changes a training batch before the objective sees it, for example by flipping its images and
 * their masks. The loop calls it for every training step of G and D, never for validation.
 *
 * <p>An augmentation must draw its randomness from the seed and the step alone, so that a run
 * resumed from a checkpoint sees the same batches as the uninterrupted one.
 */
@FunctionalInterface
public interface BatchAugmentation {

    /** The augmentation that returns every batch unchanged. */
    BatchAugmentation NONE = (batch, seed, step) -> batch;

    /**
     * Returns the batch to train on: {@code batch} itself, or a new batch whose arrays belong to
     * {@code batch}'s manager (so they are freed with it).
     *
     * @param batch the batch as the dataset made it
     * @param seed the run's seed
     * @param step the number of G updates so far
     * @return the augmented batch
     */
    Batch apply(Batch batch, long seed, long step);
}
