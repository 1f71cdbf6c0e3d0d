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
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.translate.TranslateException;
import dev.annogan.core.loss.AdversarialLoss;
import java.io.IOException;
import java.util.Map;

/**
 * Trains only the generator of a {@link GanTrainer} on its objective's {@link SupervisedObjective
 * supervised loss}: the baseline of a semi-supervised adversarial run. Everything but the step is
 * the adversarial run's own: G's DJL trainer and saveable Adam, seeded noise and batch order, EMA,
 * validation, listeners, checkpoints and the divergence guard. D takes no part; build the trainer
 * with {@link #noDiscriminator()} so that none is trained, initialised beyond a placeholder, or
 * kept in checkpoints.
 *
 * <p>Each step reports D's loss as 0 and its accuracy as NaN, so listeners that plot or log both
 * networks keep working.
 */
public final class SupervisedFit {

    private SupervisedFit() {}

    /**
     * Returns a parameter-free placeholder for {@link GanTrainer.Builder#setDiscriminator}: a
     * supervised fit never calls D. Initialise it with any shape, e.g. {@code new Shape(1)}.
     */
    public static Block noDiscriminator() {
        // Identity rather than throwing: DJL may probe a block's output shapes while initialising.
        return new LambdaBlock(inputs -> inputs, "noDiscriminator");
    }

    /** Returns the input shapes to initialise {@link #noDiscriminator()} with. */
    public static Shape[] noDiscriminatorShapes() {
        return new Shape[] {new Shape(1)};
    }

    /**
     * Trains G alone for {@code epochs} epochs, as {@link GanFit#fit} trains both networks: same
     * batch order, validation after each epoch on {@code validateSet} (may be null), checkpoints in
     * {@code checkpoints} (may be null).
     *
     * @throws IllegalArgumentException if the trainer's objective is not a {@link
     *     SupervisedObjective}
     * @throws DivergenceException when the loss turns non-finite more often than the config allows
     */
    public static void fit(
            GanTrainer gan,
            int epochs,
            RandomAccessDataset trainSet,
            Dataset validateSet,
            GanCheckpoints checkpoints)
            throws IOException, TranslateException {
        objective(gan);
        int batchSize = gan.config().batchSize();
        int batchesPerEpoch = SeededBatchSampler.batchesPerEpoch(trainSet.size(), batchSize);
        DivergenceGuard guard = new DivergenceGuard(gan.config());
        for (GanListener listener : gan.listeners()) {
            listener.onTrainingBegin(gan, epochs, batchesPerEpoch);
        }
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager();
                BatchFeed feed = new BatchFeed(gan.config().loaderThreads())) {
            while (gan.epoch() < epochs && gan.stopReason() == null) {
                double lossSum = 0;
                int steps = 0;
                long start = System.nanoTime();
                boolean restored = false;
                SeededBatchSampler sampler =
                        new SeededBatchSampler(
                                gan.config().seed(), gan.epoch(), batchSize, gan.batchInEpoch());
                BatchFeed.Batches batches = feed.epoch(trainSet, manager, sampler);
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    long stepStart = System.nanoTime();
                    StepResult result;
                    try {
                        result = trainBatch(gan, batch);
                    } finally {
                        batch.close();
                    }
                    gan.dataWait().add(batches.lastWaitNanos(), System.nanoTime() - stepStart);
                    String problem = guard.check(result);
                    if (problem != null) {
                        GanFit.recover(gan, checkpoints, guard, problem);
                        restored = true;
                        break;
                    }
                    lossSum += result.generatorLoss();
                    steps++;
                    for (GanListener listener : gan.listeners()) {
                        listener.onStep(gan, result);
                    }
                    if (checkpoints != null
                            && gan.config().checkpointEvery() > 0
                            && gan.step() % gan.config().checkpointEvery() == 0) {
                        checkpoints.save(gan, Double.NaN);
                    }
                    if (gan.stopReason() != null) {
                        break;
                    }
                }
                if (restored) {
                    continue;
                }
                if (gan.stopReason() != null && gan.batchInEpoch() < batchesPerEpoch) {
                    if (checkpoints != null) {
                        checkpoints.save(gan, Double.NaN);
                    }
                    break;
                }
                Map<String, Double> metrics =
                        validateSet == null ? Map.of() : GanFit.evaluateDataset(gan, validateSet);
                gan.nextEpoch();
                EpochResult result =
                        new EpochResult(
                                gan.epoch() - 1,
                                gan.step(),
                                0,
                                lossSum / Math.max(1, steps),
                                Double.NaN,
                                (System.nanoTime() - start) / 1e9,
                                metrics);
                for (GanListener listener : gan.listeners()) {
                    listener.onEpoch(gan, result);
                }
                if (checkpoints != null) {
                    checkpoints.save(gan, checkpoints.metricOf(metrics));
                }
            }
        } finally {
            for (GanListener listener : gan.listeners()) {
                listener.onTrainingEnd(gan);
            }
        }
    }

    /**
     * Runs one supervised step of G on a batch: loss, backward in G's collector, G's optimizer
     * step, EMA update.
     *
     * @return the loss, with D's loss 0 and D's accuracy NaN
     */
    public static StepResult trainBatch(GanTrainer gan, Batch original) {
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
        gan.position(gan.step() + 1, gan.epoch(), gan.batchInEpoch() + 1);
        return new StepResult(gan.step(), gan.epoch(), 0, loss, Double.NaN, batch.getSize());
    }

    private static SupervisedObjective objective(GanTrainer gan) {
        if (gan.objective() instanceof SupervisedObjective supervised) {
            return supervised;
        }
        throw new IllegalArgumentException(
                gan.objective().getClass().getSimpleName()
                        + " has no supervised loss; a supervised fit needs a SupervisedObjective");
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
            throw new IllegalStateException("a supervised fit has no discriminator");
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
            throw new IllegalStateException("a supervised fit has no discriminator");
        }

        @Override
        public long step() {
            return gan.step();
        }
    }
}
