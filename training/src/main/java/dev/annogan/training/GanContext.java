package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.loss.AdversarialLoss;

/**
 * What an objective may use during one call: the two networks, the configured loss, and seeded
 * noise. The loop decides the mode (training or inference) and where the arrays live.
 */
public interface GanContext {

    /** Runs G on inputs, in the loop's current mode. */
    NDList generator(NDList inputs);

    /** Runs D on inputs, in the loop's current mode. */
    NDList discriminator(NDList inputs);

    /** Returns the configured adversarial loss. */
    AdversarialLoss adversarialLoss();

    /** Returns the run's configuration. */
    GanConfig config();

    /**
     * Returns standard normal noise of the given shape, owned by the current step. Noise is a
     * function of the seed, the step and the call order within the step, so a resumed run draws
     * what the uninterrupted one drew.
     */
    NDArray noise(Shape shape);

    /**
     * Returns values uniform in {@code [0, 1)} of the given shape, owned by the current step, drawn
     * like {@link #noise(Shape)} from the seed, the step and the call order.
     */
    NDArray uniform(Shape shape);

    /** Returns the number of G updates done so far. */
    long step();
}
