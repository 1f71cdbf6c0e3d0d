package dev.annogan.training;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Saves the trainer's complete state into a run's {@link GanCheckpoints}: every {@code
 * GanConfig.checkpointEvery()} steps, at every epoch's end (with the validation metric that picks
 * the best checkpoint), and when a requested stop ends the run inside an epoch. {@link
 * GanTrainer.Builder#optCheckpoints} adds it as the last listener, so a checkpoint holds what every
 * other listener did in the same step or epoch (an early stop, a learning-rate change).
 */
public final class Checkpointing implements GanListener {

    private final GanCheckpoints checkpoints;

    /** Saves into {@code checkpoints}. */
    public Checkpointing(GanCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public void onStep(GanTrainer gan, StepResult result) {
        int every = gan.config().checkpointEvery();
        if (every > 0 && gan.step() % every == 0) {
            save(gan, Double.NaN);
        }
    }

    @Override
    public void onEpoch(GanTrainer gan, EpochResult result) {
        save(gan, checkpoints.metricOf(result.validation()));
    }

    @Override
    public void onStopInEpoch(GanTrainer gan) {
        save(gan, Double.NaN);
    }

    private void save(GanTrainer gan, double metric) {
        try {
            checkpoints.save(gan, metric);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save a checkpoint: " + e.getMessage(), e);
        }
    }
}
