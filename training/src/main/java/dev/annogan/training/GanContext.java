package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.loss.AdversarialLoss;
import java.util.SplittableRandom;

/**
 * What an objective may use during one call: the two networks, the configured loss, and seeded
 * noise. The loop decides the mode (training or inference) and where the arrays live.
 */
public interface GanContext {

    /** Runs G on inputs, in the loop's current mode. */
    NDList generator(NDList inputs);

    /** Runs D on inputs, in the loop's current mode. */
    NDList discriminator(NDList inputs);

    /**
     * Runs G's moving average (the mean teacher, {@code GanConfig.optEmaDecay}) on inputs: in
     * inference mode and without gradient, also inside a collector.
     *
     * @throws IllegalStateException if the run keeps no average of G
     */
    NDList generatorEma(NDList inputs);

    /**
     * Runs D's moving average ({@code GanConfig.optDiscriminatorEmaDecay}) on inputs, as {@link
     * #generatorEma} does G's.
     *
     * @throws IllegalStateException if the run keeps no average of D
     */
    NDList discriminatorEma(NDList inputs);

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

    /**
     * Returns a Java random generator for choices made on the host, such as augmentation boxes and
     * shifts, drawn like {@link #noise(Shape)} from the seed, the step and the call order, so a
     * resumed run draws what the uninterrupted one drew.
     */
    SplittableRandom random();

    /** Returns the number of G updates done so far. */
    long step();
}
