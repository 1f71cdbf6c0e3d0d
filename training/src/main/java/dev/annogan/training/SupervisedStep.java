package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import dev.annogan.core.loss.AdversarialLoss;
import java.util.Map;

/**
 * The supervised {@link TrainingStep}: one update of G on its objective's {@link
 * SupervisedObjective supervised loss}, the baseline of a semi-supervised adversarial run.
 * Everything but the step is the adversarial run's own: G's DJL trainer and saveable Adam, seeded
 * noise and batch order, EMA, validation, listeners, checkpoints and the divergence guard. D takes
 * no part; build the trainer with {@link #noDiscriminator()} so that none is trained, initialised
 * beyond a placeholder, or kept in checkpoints.
 *
 * <p>Each step reports D's loss as 0 and its accuracy as NaN, so listeners that plot or log both
 * networks keep working.
 */
public final class SupervisedStep implements TrainingStep {

    static final SupervisedStep INSTANCE = new SupervisedStep();

    private SupervisedStep() {}

    /**
     * Returns a parameter-free placeholder for {@link GanTrainer.Builder#setDiscriminator}: a
     * supervised step never calls D. Initialise it with any shape, e.g. {@code new Shape(1)}.
     */
    public static Block noDiscriminator() {
        // Identity rather than throwing: DJL may probe a block's output shapes while initialising.
        return new LambdaBlock(inputs -> inputs, "noDiscriminator");
    }

    /**
     * Returns the application trained as its supervised baseline: the same generator and objective,
     * and {@link #noDiscriminator()} in D's place.
     *
     * @param app the application
     * @return the baseline's application
     */
    public static GanApplication withoutDiscriminator(GanApplication app) {
        return new GanApplication() {
            @Override
            public String name() {
                return app.name();
            }

            @Override
            public Block newGenerator() {
                return app.newGenerator();
            }

            @Override
            public Shape[] generatorInputs() {
                return app.generatorInputs();
            }

            @Override
            public Block newDiscriminator() {
                return noDiscriminator();
            }

            @Override
            public Shape[] discriminatorInputs() {
                return noDiscriminatorShapes();
            }

            @Override
            public GanObjective objective() {
                return app.objective();
            }

            @Override
            public String metric() {
                return app.metric();
            }

            @Override
            public boolean higherIsBetter() {
                return app.higherIsBetter();
            }

            @Override
            public java.awt.image.BufferedImage picture(GanTrainer gan) {
                return app.picture(gan);
            }

            @Override
            public void afterInitialize(GanTrainer gan) {
                app.afterInitialize(gan);
            }
        };
    }

    /** Returns the input shapes to initialise {@link #noDiscriminator()} with. */
    public static Shape[] noDiscriminatorShapes() {
        return new Shape[] {new Shape(1)};
    }

    /**
     * Runs one supervised step of G on a batch: loss, backward in G's collector, G's optimizer
     * step, EMA update.
     *
     * @return the loss, with D's loss 0 and D's accuracy NaN
     */
    @Override
    public StepResult train(GanTrainer gan, Batch original) {
        SupervisedObjective objective = objective(gan);
        gan.startAveragesIfFirstStep();
        Batch batch = gan.augment(original);
        Trainer trainer = gan.generatorTrainer();
        double loss;
        try (NDManager scope = batch.getManager().newSubManager()) {
            Context context = new Context(gan, scope);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray value = objective.supervisedLoss(context, batch);
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            if (gan.generatorEma() != null) {
                gan.generatorEma().update(gan.step());
            }
            TrainingListener.BatchData data =
                    new TrainingListener.BatchData(batch, Map.of(), Map.of());
            trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
        }
        gan.position().stepDone();
        return new StepResult(gan.step(), gan.epoch(), 0, loss, Double.NaN, batch.getSize());
    }

    private static SupervisedObjective objective(GanTrainer gan) {
        if (gan.objective() instanceof SupervisedObjective supervised) {
            return supervised;
        }
        throw new IllegalArgumentException(
                gan.objective().getClass().getSimpleName()
                        + " has no supervised loss; a supervised step needs a SupervisedObjective");
    }

    /** G in training mode with the trainer's seeded noise; there is no D. */
    private static final class Context implements GanContext {
        private final GanTrainer gan;
        private final NDManager scope;
        private final SeededNoise noise;
        private int draws;

        Context(GanTrainer gan, NDManager scope) {
            this.gan = gan;
            this.scope = scope;
            this.noise = new SeededNoise(gan.config().seed());
        }

        @Override
        public NDList generator(NDList inputs) {
            return gan.generatorTrainer().forward(inputs);
        }

        @Override
        public NDList discriminator(NDList inputs) {
            throw new IllegalStateException("a supervised step has no discriminator");
        }

        @Override
        public AdversarialLoss adversarialLoss() {
            return gan.config().adversarialLoss();
        }

        @Override
        public GanConfig config() {
            return gan.config();
        }

        @Override
        public NDArray noise(Shape shape) {
            return noise.sample(scope, shape, gan.step(), draws++);
        }

        @Override
        public NDArray uniform(Shape shape) {
            return noise.uniform(scope, shape, gan.step(), draws++);
        }

        @Override
        public java.util.SplittableRandom random() {
            return noise.random(gan.step(), draws++);
        }

        @Override
        public NDList generatorEma(NDList inputs) {
            return GanTrainer.averaged(gan.generatorEma(), "G", "optEmaDecay").forward(inputs);
        }

        @Override
        public NDList discriminatorEma(NDList inputs) {
            throw new IllegalStateException("a supervised step has no discriminator");
        }

        @Override
        public long step() {
            return gan.step();
        }
    }
}
