package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.dataset.Batch;

/**
 * The supervised part of an annotation objective: G's loss on labelled data alone. {@link
 * SupervisedStep} trains G on it without a discriminator, which gives the baseline a
 * semi-supervised adversarial run must beat: the same network, data order, optimizer and
 * validation, minus D and the unlabelled images.
 */
public interface SupervisedObjective {

    /**
     * Returns G's supervised loss for a batch (entries without labels contribute nothing). Called
     * inside G's gradient collector; draw noise with {@link GanContext#noise}. The context has no
     * discriminator.
     */
    NDArray supervisedLoss(GanContext context, Batch batch);
}
