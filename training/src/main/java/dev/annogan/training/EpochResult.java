package dev.annogan.training;

import java.util.Map;

/**
 * What one epoch measured: mean training losses and the validation metrics.
 *
 * @param epoch the epoch (0-based)
 * @param step the number of G updates at its end
 * @param discriminatorLoss D's mean loss over the epoch
 * @param generatorLoss G's mean loss over the epoch
 * @param discriminatorAccuracy D's mean accuracy over the epoch
 * @param seconds the wall time of the epoch, validation included
 * @param validation the validation metrics, empty without a validation set
 */
public record EpochResult(
        int epoch,
        long step,
        double discriminatorLoss,
        double generatorLoss,
        double discriminatorAccuracy,
        double seconds,
        Map<String, Double> validation) {}
