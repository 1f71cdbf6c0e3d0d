package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;

/**
 * What one application optimises: how G makes fakes for a batch, D's loss and G's loss. The loop
 * ({@link GanTrainer}) owns how: gradient collectors, detaching, freezing, optimizer steps,
 * checkpoints, listeners. An objective never touches gradients or optimizers, so it reads as the
 * maths of its paper.
 *
 * <p>Per training step the loop calls, for each of D's updates, {@link #generate} outside any
 * gradient collector and hands the fakes to {@link #discriminatorLoss} detached; then, with D
 * frozen, {@link #generate} again inside G's collector and {@link #generatorLoss} on those fakes.
 */
public interface GanObjective {

    /**
     * Makes G's output for a batch: generated samples, or annotations proposed for the batch's
     * images. Draw noise with {@link GanContext#noise}.
     */
    NDList generate(GanContext context, Batch batch);

    /**
     * Returns D's loss for the batch, given fakes that carry no gradient back to G.
     *
     * @return the loss and D's scores on real and fake inputs (for accuracy and collapse checks)
     */
    DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes);

    /** Returns G's loss for the batch, given fakes that carry G's graph; D is frozen. */
    NDArray generatorLoss(GanContext context, Batch batch, NDList fakes);

    /** Starts the validation of one epoch: it sees each validation batch, then gives metrics. */
    Validation newValidation(GanContext context);

    /**
     * D's loss for one update with the logits it produced.
     *
     * @param loss the scalar loss to minimise
     * @param realLogits D's scores for the real inputs (positive = judged real)
     * @param fakeLogits D's scores for the fakes
     */
    record DiscriminatorResult(NDArray loss, NDArray realLogits, NDArray fakeLogits) {}
}
