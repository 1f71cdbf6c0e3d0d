package dev.annogan.training;

import ai.djl.training.dataset.Batch;

/**
 * What {@link FitLoop} runs on each training batch: the one part that differs between an
 * adversarial run, its supervised baseline and any other way of training a {@link GanTrainer}'s
 * networks. Everything around the step (batch order, validation, listeners, checkpoints, the
 * divergence guard) is the loop's and is the same for all of them.
 */
@FunctionalInterface
public interface TrainingStep {

    /**
     * Trains on one batch and advances the trainer's position by one step.
     *
     * @param gan the trainer whose networks, optimizers and averages the step updates
     * @param batch the batch, closed by the loop afterwards
     * @return what the step measured, as plain numbers
     */
    StepResult train(GanTrainer gan, Batch batch);

    /** Returns the adversarial step: D's updates, then G's (see {@link GanTrainer#trainBatch}). */
    static TrainingStep adversarial() {
        return GanTrainer::trainBatch;
    }

    /**
     * Returns the supervised step: G alone on its objective's {@link SupervisedObjective supervised
     * loss}, the baseline of an adversarial run (see {@link SupervisedStep}).
     */
    static TrainingStep supervised() {
        return SupervisedStep.INSTANCE;
    }
}
