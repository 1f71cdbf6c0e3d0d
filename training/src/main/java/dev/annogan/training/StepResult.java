package dev.annogan.training;

/**
 * What one training step measured.
 *
 * @param step the number of G updates after this step
 * @param epoch the epoch the step belongs to (0-based)
 * @param discriminatorLoss D's loss, averaged over its updates in the step
 * @param generatorLoss G's loss
 * @param discriminatorAccuracy the fraction of real inputs D scored positive and fakes it scored
 *     negative, over both
 * @param batchSize the number of real records in the batch
 */
public record StepResult(
        long step,
        int epoch,
        double discriminatorLoss,
        double generatorLoss,
        double discriminatorAccuracy,
        int batchSize) {

    /** Returns whether both losses are finite numbers. */
    public boolean finite() {
        return Double.isFinite(discriminatorLoss) && Double.isFinite(generatorLoss);
    }
}
