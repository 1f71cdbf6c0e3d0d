package dev.annogan.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import dev.annogan.core.loss.AdversarialLoss;
import dev.annogan.training.optim.StatefulAdam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a generator G against a discriminator D with one {@link GanObjective}: two DJL {@link
 * Trainer}s, each with its own Adam, stepped in the order that keeps the gradients honest.
 *
 * <p>One step is {@code discriminatorSteps} D updates, then one G update:
 *
 * <ol>
 *   <li>D: fakes are generated outside any gradient collector and detached, so no gradient can
 *       reach G; D's loss is backpropagated in D's own collector and D's optimizer steps.
 *   <li>G: D's parameters are frozen, so G's loss sends no gradient into D (PyTorch keeps gradients
 *       between collectors, and they would be added to D's next update); G's loss is backpropagated
 *       in G's collector, G's optimizer steps, D is unfrozen.
 * </ol>
 *
 * <p>Only one collector is ever open (DJL's PyTorch engine allows one per process). Everything a
 * step creates lives in a sub-manager of the batch that is closed when the step ends, so memory
 * stays flat however long the run. {@link GanFit} drives epochs, validation, checkpoints and the
 * divergence guard.
 */
public final class GanTrainer implements AutoCloseable {

    private final GanConfig config;
    private final GanObjective objective;
    private final AdversarialLoss loss;
    private final Model generatorModel;
    private final Model discriminatorModel;
    private final Trainer generatorTrainer;
    private final Trainer discriminatorTrainer;
    private final StatefulAdam generatorOptimizer;
    private final StatefulAdam discriminatorOptimizer;
    private final List<GanListener> listeners;
    private final SeededNoise noise;
    private EmaWeights ema;
    private long step;
    private int epoch;
    private int batchInEpoch;
    private String stopReason;

    private GanTrainer(Builder builder) {
        config = builder.config;
        objective = builder.objective;
        loss = config.adversarialLoss();
        noise = new SeededNoise(config.seed());
        listeners = List.copyOf(builder.listeners);
        generatorModel = Model.newInstance("generator");
        generatorModel.setBlock(builder.generator);
        discriminatorModel = Model.newInstance("discriminator");
        discriminatorModel.setBlock(builder.discriminator);
        generatorOptimizer = adam(config.generatorLearningRate());
        discriminatorOptimizer = adam(config.discriminatorLearningRate());
        generatorTrainer =
                generatorModel.newTrainer(
                        new DefaultTrainingConfig(new ObjectiveLoss("generator", loss, true))
                                .optOptimizer(generatorOptimizer)
                                .addTrainingListeners(
                                        builder.generatorListeners.toArray(
                                                new TrainingListener[0])));
        discriminatorTrainer =
                discriminatorModel.newTrainer(
                        new DefaultTrainingConfig(new ObjectiveLoss("discriminator", loss, false))
                                .optOptimizer(discriminatorOptimizer)
                                .addTrainingListeners(
                                        builder.discriminatorListeners.toArray(
                                                new TrainingListener[0])));
    }

    private StatefulAdam adam(float learningRate) {
        return StatefulAdam.builder()
                .optLearningRateTracker(config.learningRateTracker(learningRate))
                .optBeta1(config.beta1())
                .optBeta2(config.beta2())
                .build();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Initialises both networks' parameters for the given input shapes, seeded by the config so
     * that two runs with one seed start from the same weights.
     */
    public void initialize(Shape[] generatorInputs, Shape[] discriminatorInputs) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        generatorTrainer.initialize(generatorInputs);
        discriminatorTrainer.initialize(discriminatorInputs);
        if (config.emaDecay() > 0) {
            ema =
                    new EmaWeights(
                            generatorModel.getBlock(),
                            generatorModel.getNDManager(),
                            config.emaDecay());
        }
    }

    /**
     * Runs one training step on a batch: D's updates, then G's.
     *
     * @return the losses and D's accuracy, as plain numbers (no array outlives the step)
     */
    public StepResult trainBatch(Batch batch) {
        double dLossSum = 0;
        double accuracySum = 0;
        double gLoss;
        try (NDManager scope = batch.getManager().newSubManager()) {
            Context context = new Context(scope, true);
            for (int d = 0; d < config.discriminatorSteps(); d++) {
                NDList fakes = detached(objective.generate(context, batch));
                GanObjective.DiscriminatorResult result;
                try (GradientCollector collector = discriminatorTrainer.newGradientCollector()) {
                    result = objective.discriminatorLoss(context, batch, fakes);
                    collector.backward(result.loss());
                    dLossSum += result.loss().getFloat();
                    accuracySum += accuracy(result);
                }
                discriminatorTrainer.step();
                // DJL listeners of D see its logits: labels = on real, predictions = on fakes,
                // which is what its ObjectiveLoss evaluates.
                Device device = batch.getManager().getDevice();
                TrainingListener.BatchData data =
                        new TrainingListener.BatchData(
                                batch,
                                Map.of(device, new NDList(result.realLogits())),
                                Map.of(device, new NDList(result.fakeLogits())));
                discriminatorTrainer.notifyListeners(
                        listener -> listener.onTrainingBatch(discriminatorTrainer, data));
            }
            Block discriminator = discriminatorModel.getBlock();
            discriminator.freezeParameters(true);
            try (GradientCollector collector = generatorTrainer.newGradientCollector()) {
                NDList fakes = objective.generate(context, batch);
                NDArray generatorLoss = objective.generatorLoss(context, batch, fakes);
                collector.backward(generatorLoss);
                gLoss = generatorLoss.getFloat();
            } finally {
                discriminator.freezeParameters(false);
            }
            generatorTrainer.step();
            if (ema != null) {
                ema.update();
            }
            // G's loss mixes in the objective's supervised terms, so its DJL listeners get the
            // batch without labels or predictions to re-evaluate.
            TrainingListener.BatchData data =
                    new TrainingListener.BatchData(batch, Map.of(), Map.of());
            generatorTrainer.notifyListeners(
                    listener -> listener.onTrainingBatch(generatorTrainer, data));
        }
        step++;
        batchInEpoch++;
        return new StepResult(
                step,
                epoch,
                dLossSum / config.discriminatorSteps(),
                gLoss,
                accuracySum / config.discriminatorSteps(),
                batch.getSize());
    }

    private static NDList detached(NDList fakes) {
        NDList out = new NDList(fakes.size());
        for (NDArray fake : fakes) {
            out.add(fake.stopGradient());
        }
        return out;
    }

    private static double accuracy(GanObjective.DiscriminatorResult result) {
        NDArray real = result.realLogits();
        NDArray fake = result.fakeLogits();
        long n = real.size() + fake.size();
        long correct = real.gt(0).sum().getLong() + fake.lte(0).sum().getLong();
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** The context handed to the objective: the networks in one mode, noise, the config. */
    private final class Context implements GanContext {
        private final NDManager scope;
        private final boolean training;
        private int draws;

        Context(NDManager scope, boolean training) {
            this.scope = scope;
            this.training = training;
        }

        @Override
        public NDList generator(NDList inputs) {
            return training ? generatorTrainer.forward(inputs) : generatorTrainer.evaluate(inputs);
        }

        @Override
        public NDList discriminator(NDList inputs) {
            return training
                    ? discriminatorTrainer.forward(inputs)
                    : discriminatorTrainer.evaluate(inputs);
        }

        @Override
        public AdversarialLoss adversarialLoss() {
            return loss;
        }

        @Override
        public GanConfig config() {
            return config;
        }

        @Override
        public NDArray noise(Shape shape) {
            return noise.sample(scope, shape, step, draws++);
        }

        @Override
        public NDArray uniform(Shape shape) {
            return noise.uniform(scope, shape, step, draws++);
        }

        @Override
        public long step() {
            return step;
        }
    }

    /**
     * Runs the objective's validation over batches, with G in inference mode and, if configured,
     * its EMA weights swapped in. Closes each batch.
     */
    public java.util.Map<String, Double> evaluate(Iterable<Batch> batches) {
        Validation validation = newValidation();
        evaluate(validation, batches, true);
        return validation.metrics();
    }

    private void evaluate(Validation validation, Iterable<Batch> batches, boolean close) {
        withInferenceWeights(
                () -> {
                    for (Batch batch : batches) {
                        try (NDManager scope = batch.getManager().newSubManager()) {
                            validation.accept(new Context(scope, false), batch);
                        } finally {
                            if (close) {
                                batch.close();
                            }
                        }
                    }
                    return null;
                });
    }

    /** Starts a validation of the objective, for {@link #validateBatch}. */
    public Validation newValidation() {
        return objective.newValidation(new Context(null, false));
    }

    /** Feeds one validation batch to {@code validation}, G in inference mode with EMA weights. */
    public void validateBatch(Validation validation, Batch batch) {
        evaluate(validation, java.util.List.of(batch), false);
    }

    /**
     * Runs G once in inference mode (EMA weights if configured) and hands its output to {@code use}
     * before the arrays are freed: for samples, pictures and exports.
     */
    public <T> T generate(NDManager manager, java.util.function.Function<GanContext, T> use) {
        return withInferenceWeights(
                () -> {
                    try (NDManager scope = manager.newSubManager()) {
                        return use.apply(new Context(scope, false));
                    }
                });
    }

    /** Work done with G's inference weights in place. */
    @FunctionalInterface
    public interface InferenceBody<T, E extends Exception> {
        /** Does the work. */
        T run() throws E;
    }

    /**
     * Runs {@code body} with G's inference weights (its EMA, if configured) in place of the trained
     * ones, restoring them afterwards: for exporting or sampling a model.
     */
    public <T, E extends Exception> T withInferenceWeights(InferenceBody<T, E> body) throws E {
        if (ema != null) {
            ema.swapIn();
        }
        try {
            return body.run();
        } finally {
            if (ema != null) {
                ema.swapOut();
            }
        }
    }

    /** Multiplies both learning rates by {@code factor} (the divergence guard's remedy). */
    public void scaleLearningRates(float factor) {
        generatorOptimizer.setLearningRateScale(generatorOptimizer.getLearningRateScale() * factor);
        discriminatorOptimizer.setLearningRateScale(
                discriminatorOptimizer.getLearningRateScale() * factor);
    }

    /** Asks the run to stop after the current step, giving the reason the summary prints. */
    public void requestStop(String reason) {
        stopReason = reason;
    }

    /** Returns why the run was asked to stop, or {@code null}. */
    public String stopReason() {
        return stopReason;
    }

    /** Returns the configuration. */
    public GanConfig config() {
        return config;
    }

    /** Returns the objective. */
    public GanObjective objective() {
        return objective;
    }

    /** Returns the listeners, in the order they are called. */
    public List<GanListener> listeners() {
        return listeners;
    }

    /**
     * Returns G's DJL trainer, for example to {@link Trainer#setMetrics set metrics} that DJL
     * listeners added with {@link Builder#addGeneratorTrainingListeners} record into.
     */
    public Trainer generatorTrainer() {
        return generatorTrainer;
    }

    /** Returns D's DJL trainer, as {@link #generatorTrainer()} does G's. */
    public Trainer discriminatorTrainer() {
        return discriminatorTrainer;
    }

    /** Returns G's model (its block holds the trained weights). */
    public Model generatorModel() {
        return generatorModel;
    }

    /** Returns D's model. */
    public Model discriminatorModel() {
        return discriminatorModel;
    }

    /** Returns G's optimizer, whose state checkpoints carry. */
    StatefulAdam generatorOptimizer() {
        return generatorOptimizer;
    }

    /** Returns D's optimizer. */
    StatefulAdam discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    /** Returns G's EMA weights, or {@code null} without EMA. */
    EmaWeights ema() {
        return ema;
    }

    /** Returns the number of G updates done. */
    public long step() {
        return step;
    }

    /** Returns the current epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Returns how many batches of the current epoch are done. */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    /** Moves to the start of the next epoch. */
    void nextEpoch() {
        epoch++;
        batchInEpoch = 0;
        generatorTrainer.notifyListeners(listener -> listener.onEpoch(generatorTrainer));
        discriminatorTrainer.notifyListeners(listener -> listener.onEpoch(discriminatorTrainer));
    }

    /** Sets the position, when a checkpoint is restored. */
    void position(long step, int epoch, int batchInEpoch) {
        this.step = step;
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
    }

    @Override
    public void close() {
        if (ema != null) {
            ema.close();
        }
        generatorTrainer.close();
        discriminatorTrainer.close();
        generatorOptimizer.close();
        discriminatorOptimizer.close();
        generatorModel.close();
        discriminatorModel.close();
    }

    /** Builds a {@link GanTrainer}. */
    public static final class Builder {
        private Block generator;
        private Block discriminator;
        private GanObjective objective;
        private GanConfig config = GanConfig.builder().build();
        private final List<GanListener> listeners = new ArrayList<>();
        private final List<TrainingListener> generatorListeners = new ArrayList<>();
        private final List<TrainingListener> discriminatorListeners = new ArrayList<>();

        Builder() {}

        /** Sets G. */
        public Builder setGenerator(Block generator) {
            this.generator = generator;
            return this;
        }

        /** Sets D. */
        public Builder setDiscriminator(Block discriminator) {
            this.discriminator = discriminator;
            return this;
        }

        /** Sets what is optimised. */
        public Builder setObjective(GanObjective objective) {
            this.objective = objective;
            return this;
        }

        /** Sets the configuration; defaults to {@code GanConfig.builder().build()}. */
        public Builder optConfig(GanConfig config) {
            this.config = config;
            return this;
        }

        /** Adds a listener; listeners are called in the order added. */
        public Builder addListener(GanListener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * Adds DJL training listeners to G's {@link Trainer}, for example DJL's {@code
         * TimeMeasureTrainingListener} or {@code MemoryTrainingListener}. They hear {@code
         * onTrainingBegin} when the trainer is built, {@code onTrainingBatch} after every G update
         * (with no labels or predictions: G's loss includes the objective's own terms), {@code
         * onEpoch} at every epoch end and {@code onTrainingEnd} when it is closed.
         */
        public Builder addGeneratorTrainingListeners(TrainingListener... listeners) {
            generatorListeners.addAll(List.of(listeners));
            return this;
        }

        /**
         * Adds DJL training listeners to D's {@link Trainer}, heard as for G, except that each
         * {@code onTrainingBatch} after a D update carries D's logits on the real batch as labels
         * and on the fakes as predictions, so DJL's {@code EvaluatorTrainingListener} records D's
         * adversarial loss.
         */
        public Builder addDiscriminatorTrainingListeners(TrainingListener... listeners) {
            discriminatorListeners.addAll(List.of(listeners));
            return this;
        }

        /** Builds the trainer; call {@link GanTrainer#initialize} before training. */
        public GanTrainer build() {
            if (generator == null || discriminator == null || objective == null) {
                throw new IllegalArgumentException(
                        "generator, discriminator and objective are required");
            }
            return new GanTrainer(this);
        }
    }
}
