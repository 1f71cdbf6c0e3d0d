package dev.annogan.training;

/**
 * Hears the events of a {@link GanTrainer}'s run, as DJL's {@code TrainingListener} does for one
 * network. Every method has an empty default; implement the ones you need.
 */
public interface GanListener {

    /** Called once before the first step (also when resuming). */
    default void onTrainingBegin(GanTrainer gan, int epochs, int batchesPerEpoch) {}

    /** Called after every training step. */
    default void onStep(GanTrainer gan, StepResult result) {}

    /** Called after every epoch, once its validation has run. */
    default void onEpoch(GanTrainer gan, EpochResult result) {}

    /**
     * Called when a requested stop ends the run inside an epoch, before {@link #onTrainingEnd}: the
     * position stays inside the epoch, so that a resumed run finishes it.
     */
    default void onStopInEpoch(GanTrainer gan) {}

    /** Called when the divergence guard restores a checkpoint. */
    default void onRestore(GanTrainer gan, String reason, long restoredStep) {}

    /** Called once after the last step, also when the run stops early. */
    default void onTrainingEnd(GanTrainer gan) {}
}
