package dev.annogan.training;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Watches step results for a run that has gone wrong, a NaN or infinite loss, or a D whose accuracy
 * has sat at exactly 0 or 1 for {@code GanConfig.collapseSteps()} steps in a row (one network has
 * won and gradients carry no signal any more), and answers by restoring the latest checkpoint with
 * lower learning rates, at most {@code GanConfig.maxRestores()} times; then, or without a
 * checkpoint, it stops the run with a {@link DivergenceException} naming the last good model.
 *
 * <p>{@link GanTrainer.Builder#build} makes it the first listener of every trainer, so no other
 * listener hears of a step it rejects: the restore moves the trainer's position, and {@code
 * FitLoop} then starts the epoch again from there.
 */
public final class DivergenceGuard implements GanListener {

    private final GanConfig config;
    private final GanCheckpoints checkpoints;
    private int pinned;
    private int restores;

    /**
     * Guards a run with the config's limits.
     *
     * @param config the collapse steps, restores and learning-rate factor
     * @param checkpoints where to restore from, or {@code null} (every divergence stops the run)
     */
    public DivergenceGuard(GanConfig config, GanCheckpoints checkpoints) {
        this.config = config;
        this.checkpoints = checkpoints;
    }

    @Override
    public void onTrainingBegin(GanTrainer gan, int epochs, int batchesPerEpoch) {
        pinned = 0;
        restores = 0;
    }

    @Override
    public void onStep(GanTrainer gan, StepResult result) {
        String problem = check(result);
        if (problem != null) {
            recover(gan, problem);
        }
    }

    /** Returns what is wrong after this step, or {@code null} when the run is healthy. */
    String check(StepResult result) {
        if (!result.finite()) {
            pinned = 0;
            return String.format(
                    "losses became non-finite at step %d (D %s, G %s)",
                    result.step(), result.discriminatorLoss(), result.generatorLoss());
        }
        double accuracy = result.discriminatorAccuracy();
        pinned = accuracy == 0 || accuracy == 1 ? pinned + 1 : 0;
        int collapseSteps = config.collapseSteps();
        if (collapseSteps > 0 && pinned >= collapseSteps) {
            pinned = 0;
            return String.format(
                    "D's accuracy sat at %.0f for %d steps up to step %d (collapse)",
                    accuracy, collapseSteps, result.step());
        }
        return null;
    }

    private void recover(GanTrainer gan, String problem) {
        try {
            if (checkpoints == null || !checkpoints.hasLatest()) {
                throw new DivergenceException(
                        problem + "; there is no checkpoint to restore, so the run stops here");
            }
            if (restores >= config.maxRestores()) {
                throw new DivergenceException(
                        problem
                                + "; restored "
                                + restores
                                + " times already with lower learning rates, so the run stops."
                                + " The last good model is "
                                + checkpoints.latestDirectory());
            }
            long restoredStep = checkpoints.restoreLatest(gan);
            restores++;
            // The restore brought back the checkpoint's learning rates; lower them once per
            // restore.
            gan.scaleLearningRates((float) Math.pow(config.restoreLearningRateFactor(), restores));
            String reason = problem + "; restored step " + restoredStep;
            for (var listener : gan.listeners()) {
                listener.onRestore(gan, reason, restoredStep);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    problem + "; restoring the latest checkpoint failed: " + e.getMessage(), e);
        }
    }
}
