package dev.annogan.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.awt.image.BufferedImage;

/**
 * What one application trains, in one place, as a LightningModule says it: its two networks and the
 * shapes they are initialised with, its objective (the losses and validation metrics), the
 * validation metric that picks its best checkpoint, and its per-epoch picture. Everything else, the
 * loop ({@link FitLoop}), the run folder, checkpoints and the standard listeners ({@code
 * training.run.TrainingRun}), is the same for every application.
 *
 * <pre>{@code
 * GanApplication app = new Tagger(settings, options, data);
 * TrainingRun run = TrainingRun.open(out, resume, new Checkpoints(2, app.metric(), true), ...);
 * try (GanTrainer gan = run.trainer(app, config, System.out, 1).build()) {
 *     run.initialize(gan, app, System.out);
 *     FitLoop.fit(gan, TrainingStep.adversarial(), epochs, train, validation);
 * }
 * }</pre>
 */
public interface GanApplication {

    /** Returns the application's name, e.g. {@code "tagger"}, as run folders record it. */
    String name();

    /** Returns a new, uninitialised generator. */
    Block newGenerator();

    /** Returns the generator's input shapes, batch size 1. */
    Shape[] generatorInputs();

    /** Returns a new, uninitialised discriminator. */
    Block newDiscriminator();

    /** Returns the discriminator's input shapes, batch size 1. */
    Shape[] discriminatorInputs();

    /** Returns the objective: how G and D learn, and what validation measures. */
    GanObjective objective();

    /** Returns the validation metric that picks the best checkpoint, or null for none. */
    String metric();

    /** Returns whether a larger {@link #metric()} is better. */
    default boolean higherIsBetter() {
        return true;
    }

    /**
     * Draws the picture of an epoch (samples of G, or its answers on validation images), with the
     * weights validation uses.
     *
     * @param gan the trainer
     * @return the picture
     */
    BufferedImage picture(GanTrainer gan);

    /**
     * Prepares the initialised networks before training starts or resumes (a checkpoint then
     * replaces what this did), e.g. G's starting point. Does nothing by default.
     *
     * @param gan the trainer, its networks initialised
     */
    default void afterInitialize(GanTrainer gan) {}
}
