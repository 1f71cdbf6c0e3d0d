package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.annogan.core.loss.AdversarialLoss;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanContext;
import java.util.function.Function;

/**
 * A context whose G and D are plain functions, so an objective's losses can be checked against a
 * hand computation: no weights, no randomness (noise is zero).
 */
final class FixedContext implements GanContext {

    private final NDManager manager;
    private final Function<NDList, NDList> generator;
    private final Function<NDList, NDList> discriminator;
    private final GanConfig config;
    private final long step;
    private Function<NDList, NDList> generatorTeacher;
    private Function<NDList, NDList> discriminatorTeacher;

    FixedContext(
            NDManager manager,
            Function<NDList, NDList> generator,
            Function<NDList, NDList> discriminator,
            GanConfig config,
            long step) {
        this.manager = manager;
        this.generator = generator;
        this.discriminator = discriminator;
        this.config = config;
        this.step = step;
    }

    /** Returns a batch of one data array and the given label arrays. */
    static Batch batch(NDManager manager, NDArray data, NDArray... labels) {
        return new Batch(
                manager,
                new NDList(data),
                new NDList(labels),
                Math.toIntExact(data.getShape().get(0)),
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                1);
    }

    @Override
    public NDList generator(NDList inputs) {
        return generator.apply(inputs);
    }

    @Override
    public NDList discriminator(NDList inputs) {
        return discriminator.apply(inputs);
    }

    /** Sets the functions the teachers ({@link #generatorEma}, {@link #discriminatorEma}) are. */
    FixedContext withTeachers(
            Function<NDList, NDList> generatorTeacher,
            Function<NDList, NDList> discriminatorTeacher) {
        this.generatorTeacher = generatorTeacher;
        this.discriminatorTeacher = discriminatorTeacher;
        return this;
    }

    @Override
    public NDList generatorEma(NDList inputs) {
        if (generatorTeacher == null) {
            throw new IllegalStateException("no teacher of G in this test");
        }
        return generatorTeacher.apply(inputs);
    }

    @Override
    public NDList discriminatorEma(NDList inputs) {
        if (discriminatorTeacher == null) {
            throw new IllegalStateException("no teacher of D in this test");
        }
        return discriminatorTeacher.apply(inputs);
    }

    @Override
    public java.util.SplittableRandom random() {
        return new java.util.SplittableRandom(step);
    }

    @Override
    public AdversarialLoss adversarialLoss() {
        return config.adversarialLoss();
    }

    @Override
    public GanConfig config() {
        return config;
    }

    @Override
    public NDArray noise(Shape shape) {
        return manager.zeros(shape);
    }

    @Override
    public NDArray uniform(Shape shape) {
        return manager.zeros(shape);
    }

    @Override
    public long step() {
        return step;
    }
}
