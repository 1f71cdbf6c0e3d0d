package dev.annogan.training;

import ai.djl.training.dataset.Batch;
import java.util.Map;

/**
 * The validation of one epoch: accumulates what it needs from each validation batch (as plain
 * numbers: batches are closed after the call), then reports named metrics.
 */
public interface Validation {

    /** Takes one validation batch; G runs in inference mode (with EMA weights if configured). */
    void accept(GanContext context, Batch batch);

    /** Returns the metrics, in the order they should be printed. */
    Map<String, Double> metrics();
}
