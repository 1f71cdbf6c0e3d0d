package dev.annogan.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.translate.Batchifier;
import dev.annogan.core.loss.AdversarialLoss;
import dev.annogan.core.nn.Scalars;
import dev.annogan.training.optim.StatefulAdam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * stays flat however long the run. {@link FitLoop} drives epochs and validation; its listeners keep
 * checkpoints and guard against divergence.
 *
 * <p>With several devices ({@link Builder#optDevices}), each step splits the batch across them and
 * DJL's parameter server sums the devices' gradients before each update: see {@link #trainBatch}.
 */
public final class GanTrainer implements AutoCloseable {

    private final GanConfig config;
    private final GanObjective objective;
    private final AdversarialLoss loss;
    private final Model generatorModel;
    private final Model discriminatorModel;
    // Not final: reloadWeights replaces them after a checkpoint is restored.
    private Trainer generatorTrainer;
    private Trainer discriminatorTrainer;
    private final TrainingListener[] generatorListeners;
    private final TrainingListener[] discriminatorListeners;
    private final StatefulAdam generatorOptimizer;
    private final StatefulAdam discriminatorOptimizer;
    private final List<GanListener> listeners;
    private final BatchAugmentation augmentation;
    private final SeededNoise noise;
    // Null: DJL's default device. More than one: data parallelism (trainShards).
    private final Device[] devices;
    private EmaWeights generatorEma;
    private EmaWeights discriminatorEma;
    private final RunPosition position = new RunPosition();
    private final DataWait dataWait = new DataWait();

    private GanTrainer(Builder builder) {
        config = builder.config;
        objective = builder.objective;
        loss = config.adversarialLoss();
        noise = new SeededNoise(config.seed());
        listeners = builder.allListeners();
        augmentation = builder.augmentation;
        devices = builder.devices;
        // The weights live on the first device: DJL's parameter store updates the model's own
        // arrays only when they sit on one of the training devices.
        Device home = devices == null ? null : devices[0];
        generatorModel = Model.newInstance("generator", home);
        generatorModel.setBlock(builder.generator);
        discriminatorModel = Model.newInstance("discriminator", home);
        discriminatorModel.setBlock(builder.discriminator);
        generatorOptimizer = adam(config.generatorLearningRate());
        discriminatorOptimizer = adam(config.discriminatorLearningRate());
        generatorListeners = builder.generatorListeners.toArray(new TrainingListener[0]);
        discriminatorListeners = builder.discriminatorListeners.toArray(new TrainingListener[0]);
        generatorTrainer = newGeneratorTrainer();
        discriminatorTrainer = newDiscriminatorTrainer();
    }

    private Trainer newGeneratorTrainer() {
        return generatorModel.newTrainer(
                onDevices(new DefaultTrainingConfig(new ObjectiveLoss("generator", loss, true)))
                        .optOptimizer(generatorOptimizer)
                        .addTrainingListeners(generatorListeners));
    }

    private Trainer newDiscriminatorTrainer() {
        return discriminatorModel.newTrainer(
                onDevices(
                                new DefaultTrainingConfig(
                                        new ObjectiveLoss("discriminator", loss, false)))
                        .optOptimizer(discriminatorOptimizer)
                        .addTrainingListeners(discriminatorListeners));
    }

    /**
     * Makes both DJL trainers take the networks' current weights as their starting point, after a
     * checkpoint was loaded into the blocks.
     *
     * <p>A DJL trainer hands each update to its engine's parameter server, and MXNet's keeps a copy
     * of every weight from the first forward pass on, updates that copy and writes it back over the
     * block's weights at every step: weights loaded behind its back would be overwritten by the
     * next update, so a resumed run would go on from the old weights. A new trainer starts a new
     * parameter server from the loaded values; on PyTorch, which updates the weights in place, this
     * changes nothing. The optimizers and their restored state are kept; metrics set on the old
     * trainers carry over; DJL listeners hear {@code onTrainingEnd} and {@code onTrainingBegin}
     * again.
     */
    void reloadWeights() {
        ai.djl.metric.Metrics generatorMetrics = generatorTrainer.getMetrics();
        ai.djl.metric.Metrics discriminatorMetrics = discriminatorTrainer.getMetrics();
        generatorTrainer.close();
        discriminatorTrainer.close();
        generatorTrainer = newGeneratorTrainer();
        discriminatorTrainer = newDiscriminatorTrainer();
        if (generatorMetrics != null) {
            generatorTrainer.setMetrics(generatorMetrics);
        }
        if (discriminatorMetrics != null) {
            discriminatorTrainer.setMetrics(discriminatorMetrics);
        }
    }

    private DefaultTrainingConfig onDevices(DefaultTrainingConfig trainingConfig) {
        // Unset, DJL's own default is every GPU: it would keep and update a copy of the weights
        // on each while the step runs on one. One device, the models', is what a step uses.
        return trainingConfig.optDevices(
                devices != null
                        ? devices
                        : new Device[] {generatorModel.getNDManager().getDevice()});
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
            generatorEma =
                    new EmaWeights(
                            generatorModel.getBlock(),
                            generatorModel.getNDManager(),
                            config.emaDecay());
        }
        if (config.discriminatorEmaDecay() > 0) {
            discriminatorEma =
                    new EmaWeights(
                            discriminatorModel.getBlock(),
                            discriminatorModel.getNDManager(),
                            config.discriminatorEmaDecay());
        }
    }

    /**
     * Starts the averages at the weights the first step starts from. Runners may change the weights
     * between {@link #initialize} and the first step (a data-dependent start, G's output bias set
     * to the label frequencies): the averages must begin from those, not from the random
     * initialisation. Called by the loops before step 0; a resumed run restores its averages.
     */
    void startAveragesIfFirstStep() {
        if (position.step() != 0) {
            return;
        }
        if (generatorEma != null) {
            generatorEma.reset();
        }
        if (discriminatorEma != null) {
            discriminatorEma.reset();
        }
    }

    /**
     * Runs one training step on a batch: G's forward, D's updates on its detached output, then G's
     * update through the frozen, updated D. On several devices the batch is split across them first
     * (see {@link Builder#optDevices}).
     *
     * @return the losses and D's accuracy, as plain numbers (no array outlives the step)
     */
    public StepResult trainBatch(Batch original) {
        // Every array of the step descends from the batch's arrays, and an op's result joins its
        // input's manager. While the step runs the batch's arrays belong to a sub-manager closed
        // at its end (they then return to their own), so nothing of the step outlives it, even
        // when the caller trains on one batch many times.
        try (NDManager stepScope = original.getManager().newSubManager()) {
            original.getData().tempAttach(stepScope);
            original.getLabels().tempAttach(stepScope);
            Batch batch =
                    augment(
                            new Batch(
                                    stepScope,
                                    original.getData(),
                                    original.getLabels(),
                                    original.getSize(),
                                    Batchifier.STACK,
                                    Batchifier.STACK,
                                    original.getProgress(),
                                    original.getProgressTotal(),
                                    original.getIndices()));
            Batch[] shards =
                    devices != null && devices.length > 1
                            ? shards(batch.split(devices, false))
                            : new Batch[] {batch};
            return trainShards(batch, shards, original.getSize());
        }
    }

    /**
     * Returns the batch a training step of this trainer sees: the original, changed by the
     * builder's {@link BatchAugmentation} for the current step. Its arrays belong to the original
     * batch's manager.
     *
     * @param batch a training batch
     * @return the batch to train on
     */
    public Batch augment(Batch batch) {
        return augmentation.apply(batch, config.seed(), position.step());
    }

    /**
     * Returns a copy of the batch's arrays for G's recorded forward. MXNet's autograd keeps a node
     * on every array an op records, and a backward pass clears the nodes it walks: had G and D read
     * the same image array, D's backward would clear it and G's later backward through it would
     * fail ("The any container is empty"). PyTorch needs no copy; it costs one pass over the batch.
     */
    private static Batch copyOf(Batch batch) {
        return new Batch(
                batch.getManager(),
                duplicates(batch.getData()),
                duplicates(batch.getLabels()),
                batch.getSize(),
                Batchifier.STACK,
                Batchifier.STACK,
                batch.getProgress(),
                batch.getProgressTotal(),
                batch.getIndices());
    }

    private static NDList duplicates(NDList arrays) {
        NDList copies = new NDList(arrays.size());
        for (NDArray array : arrays) {
            copies.add(array.duplicate());
        }
        return copies;
    }

    private static NDList detached(NDList fakes) {
        NDList out = new NDList(fakes.size());
        for (NDArray fake : fakes) {
            out.add(fake.stopGradient());
        }
        return out;
    }

    /**
     * One step over a batch cut into shards, one per device (a single shard, the batch itself, on
     * one device): every forward and backward runs per shard, in order, inside the same collectors.
     *
     * <p>G runs once per step, as in the reference PyTorch loops: its forward is recorded first, D
     * learns from the detached result, and G's backward later reaches that graph through D's
     * judgement. A collector's close only ends recording; the graph lives on in the arrays.
     *
     * <p>Each shard's loss is weighted by its share of the batch's rows before its backward pass,
     * so the gradients DJL's parameter server sums over the devices (at {@link Trainer#step}) are
     * those of the whole batch's mean loss, and the reported losses are the weighted sums. That is
     * exact for losses that are means over all rows (the label-set GAN, the cGAN, the unconditional
     * image GANs), not for a loss that averages over a subset of rows whose share differs from
     * shard to shard: the semi-supervised objectives' labelled and unlabelled rows. Their batches
     * hold the labelled rows first, so two shards split them into a labelled and an unlabelled
     * half; each term is then weighted by rows rather than by its own count, and G draws noise for
     * one row on a shard without unlabelled rows. Batch norm sees each shard's own statistics, as
     * in PyTorch's DataParallel. Noise is drawn for the whole batch and cut into the shard's rows,
     * so for an objective that draws one noise row per batch row a run on two devices draws what a
     * run on one draws.
     *
     * <p>Every call is made on this thread and returns before the next begins: nothing is left
     * running when the step ends (DJL's EasyTrain once handed shards to futures it never joined,
     * DJL issue #2459). Whatever a shard's context creates lives in a sub-manager closed when the
     * step ends, so memory stays flat however long the run.
     *
     * <p>Package-private so that tests can hand it shards that share one CPU device (DJL cannot
     * name two CPU devices): there the gradients of the shards add up in the one copy of the
     * weights instead of being summed across copies, on engines that accumulate gradients over
     * backward passes.
     *
     * @param batch the (augmented) batch the shards were cut from
     * @param shards the batch's rows in order, each on its device, sized by its rows
     * @param batchSize the size reported in the step's result
     */
    StepResult trainShards(Batch batch, Batch[] shards, int batchSize) {
        long total = 0;
        for (Batch shard : shards) {
            total += shard.getSize();
        }
        ShardContext[] contexts = new ShardContext[shards.length];
        try {
            long offset = 0;
            for (int i = 0; i < shards.length; i++) {
                contexts[i] =
                        new ShardContext(
                                shards[i].getManager().newSubManager(), offset, shards[i], total);
                offset += shards[i].getSize();
            }
            return step(batch, shards, contexts, batchSize);
        } finally {
            for (ShardContext context : contexts) {
                if (context != null) {
                    context.manager.close();
                }
            }
        }
    }

    private StepResult step(Batch batch, Batch[] shards, ShardContext[] contexts, int batchSize) {
        startAveragesIfFirstStep();
        double dLossSum = 0;
        long correct = 0;
        long judged = 0;
        double gLoss = 0;
        NDList[] fakes = new NDList[shards.length];
        try (GradientCollector collector = generatorTrainer.newGradientCollector()) {
            for (int i = 0; i < shards.length; i++) {
                fakes[i] = objective.generate(contexts[i], copyOf(shards[i]));
            }
        }
        for (int d = 0; d < config.discriminatorSteps(); d++) {
            // DJL listeners of D see its logits: labels = on real, predictions = on fakes, which
            // is what its ObjectiveLoss evaluates.
            Map<Device, NDList> real = new LinkedHashMap<>();
            Map<Device, NDList> fake = new LinkedHashMap<>();
            try (GradientCollector collector = discriminatorTrainer.newGradientCollector()) {
                if (shards.length > 1) {
                    zeroDiscriminatorGradients();
                }
                for (int i = 0; i < shards.length; i++) {
                    // Extra D updates see fresh fakes; they need no graph.
                    NDList seen = d == 0 ? fakes[i] : objective.generate(contexts[i], shards[i]);
                    GanObjective.DiscriminatorResult result =
                            objective.discriminatorLoss(contexts[i], shards[i], detached(seen));
                    collector.backward(contexts[i].weighted(result.loss()));
                    dLossSum += contexts[i].weight() * result.loss().getFloat();
                    correct += correctJudgements(result);
                    judged += result.realLogits().size() + result.fakeLogits().size();
                    Device device = shards[i].getManager().getDevice();
                    real.put(device, new NDList(result.realLogits()));
                    fake.put(device, new NDList(result.fakeLogits()));
                }
            }
            discriminatorTrainer.step();
            if (discriminatorEma != null) {
                discriminatorEma.update(position.step());
            }
            TrainingListener.BatchData data = new TrainingListener.BatchData(batch, real, fake);
            discriminatorTrainer.notifyListeners(
                    listener -> listener.onTrainingBatch(discriminatorTrainer, data));
        }
        Block discriminator = discriminatorModel.getBlock();
        discriminator.freezeParameters(true);
        try (GradientCollector collector = generatorTrainer.newGradientCollector()) {
            for (int i = 0; i < shards.length; i++) {
                NDArray shardLoss = objective.generatorLoss(contexts[i], shards[i], fakes[i]);
                collector.backward(contexts[i].weighted(shardLoss));
                gLoss += contexts[i].weight() * shardLoss.getFloat();
            }
        } finally {
            discriminator.freezeParameters(false);
        }
        generatorTrainer.step();
        if (generatorEma != null) {
            generatorEma.update(position.step());
        }
        // G's loss mixes in the objective's supervised terms, so its DJL listeners get the batch
        // without labels or predictions to re-evaluate.
        TrainingListener.BatchData data = new TrainingListener.BatchData(batch, Map.of(), Map.of());
        generatorTrainer.notifyListeners(
                listener -> listener.onTrainingBatch(generatorTrainer, data));
        position.stepDone();
        return new StepResult(
                position.step(),
                position.epoch(),
                dLossSum / config.discriminatorSteps(),
                gLoss,
                judged == 0 ? Double.NaN : (double) correct / judged,
                batchSize);
    }

    /** Returns DJL's splits with each size set to its rows (DJL sizes them by an even share). */
    private static Batch[] shards(Batch[] splits) {
        Batch[] shards = new Batch[splits.length];
        for (int i = 0; i < splits.length; i++) {
            Batch split = splits[i];
            shards[i] =
                    new Batch(
                            split.getManager(),
                            split.getData(),
                            split.getLabels(),
                            Math.toIntExact(split.getData().head().getShape().get(0)),
                            Batchifier.STACK,
                            Batchifier.STACK,
                            split.getProgress(),
                            split.getProgressTotal(),
                            split.getIndices());
        }
        return shards;
    }

    private static long correctJudgements(GanObjective.DiscriminatorResult result) {
        return result.realLogits().gt(0).sum().getLong()
                + result.fakeLogits().lte(0).sum().getLong();
    }

    /**
     * A training context for one shard: its noise is the shard's rows of the noise the whole batch
     * would draw, so that splitting changes no sample.
     */
    private final class ShardContext extends Context {
        private final NDManager manager;
        private final long offset;
        private final long rows;
        private final long total;
        private int draws;

        ShardContext(NDManager manager, long offset, Batch shard, long total) {
            super(manager, true);
            this.manager = manager;
            this.offset = offset;
            this.rows = shard.getSize();
            this.total = total;
        }

        /** Returns the shard's share of the batch's rows, the weight of its losses. */
        float weight() {
            return (float) rows / total;
        }

        /** Returns the loss scaled by {@link #weight}; the whole batch's loss is left untouched. */
        NDArray weighted(NDArray loss) {
            return rows == total ? loss : Scalars.mul(loss, weight());
        }

        @Override
        public NDArray noise(Shape shape) {
            return rowsOf(
                    noise.sample(manager, wholeBatch(shape), position.step(), draws++), shape);
        }

        @Override
        public NDArray uniform(Shape shape) {
            return rowsOf(
                    noise.uniform(manager, wholeBatch(shape), position.step(), draws++), shape);
        }

        /** A draw of one row per shard row becomes a draw of one row per batch row. */
        private Shape wholeBatch(Shape shape) {
            if (shape.dimension() == 0 || shape.get(0) != rows) {
                return shape;
            }
            long[] dims = shape.getShape().clone(); // Shape hands out its own array
            dims[0] = total;
            return new Shape(dims);
        }

        private NDArray rowsOf(NDArray drawn, Shape shape) {
            return drawn.getShape().equals(shape)
                    ? drawn
                    : drawn.get("{}:{}", Math.toIntExact(offset), Math.toIntExact(offset + rows));
        }
    }

    /** The context handed to the objective: the networks in one mode, noise, the config. */
    private class Context implements GanContext {
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
        public NDList generatorEma(NDList inputs) {
            return averaged(generatorEma, "G", "optEmaDecay").forward(inputs);
        }

        @Override
        public NDList discriminatorEma(NDList inputs) {
            return averaged(discriminatorEma, "D", "optDiscriminatorEmaDecay").forward(inputs);
        }

        @Override
        public NDArray noise(Shape shape) {
            return noise.sample(scope, shape, position.step(), draws++);
        }

        @Override
        public NDArray uniform(Shape shape) {
            return noise.uniform(scope, shape, position.step(), draws++);
        }

        @Override
        public java.util.SplittableRandom random() {
            return noise.random(position.step(), draws++);
        }

        @Override
        public long step() {
            return position.step();
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
        for (EmaWeights ema : averages()) {
            ema.swapIn();
        }
        try {
            return body.run();
        } finally {
            for (EmaWeights ema : averages()) {
                ema.swapOut();
            }
        }
    }

    /** Returns the averages kept, G's first. */
    private List<EmaWeights> averages() {
        List<EmaWeights> all = new ArrayList<>(2);
        if (generatorEma != null) {
            all.add(generatorEma);
        }
        if (discriminatorEma != null) {
            all.add(discriminatorEma);
        }
        return all;
    }

    /** Returns the average, or explains which config setting would keep it. */
    static EmaWeights averaged(EmaWeights ema, String network, String setting) {
        if (ema == null) {
            throw new IllegalStateException(
                    "no moving average of "
                            + network
                            + "'s weights is kept; set GanConfig."
                            + setting
                            + " to read its teacher");
        }
        return ema;
    }

    /**
     * Trains some of G's parameters at {@code factor} times G's learning rate, such as a pretrained
     * backbone fine-tuned more gently than the head on top of it. Call it after {@link #initialize}
     * and again after building a trainer for a resumed run: optimizer state does not record it.
     *
     * @param parameters parameters of G
     * @param factor a positive, finite factor
     */
    public void scaleGeneratorLearningRate(Iterable<Parameter> parameters, float factor) {
        for (Parameter parameter : parameters) {
            generatorOptimizer.setParameterLearningRateFactor(parameter.getId(), factor);
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
        position.requestStop(reason);
    }

    /** Returns why the run was asked to stop, or {@code null}. */
    public String stopReason() {
        return position.stopReason();
    }

    /** Returns the configuration. */
    public GanConfig config() {
        return config;
    }

    /**
     * Returns how long the training loop ({@link FitLoop}) has waited for batches, against the time
     * of its steps.
     */
    public DataWait dataWait() {
        return dataWait;
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

    /**
     * Zeroes the gradients of D's arrays on every device. Freezing D for G's update keeps G's
     * gradient out of D's weights on the first device only: DJL's copies on the others (made from
     * them, in D's model manager) still require gradients and collect it, and PyTorch would add it
     * to D's next gradient. Not the collector's {@code zeroGradients}: that walks every array of
     * the engine and leaves two new handles behind for each.
     */
    private void zeroDiscriminatorGradients() {
        for (NDArray array : discriminatorModel.getNDManager().getManagedArrays()) {
            if (!array.hasGradient()) {
                continue;
            }
            NDArray gradient;
            try {
                gradient = array.getGradient();
            } catch (IllegalStateException e) {
                continue; // requires a gradient but has none yet: nothing to zero
            }
            try (gradient) {
                gradient.subi(gradient);
            }
        }
    }

    /**
     * Returns the devices a step is split across, or {@code null} when none were set: then the
     * engine's default device (the first GPU, or the CPU) holds the weights and runs every step.
     */
    public Device[] devices() {
        return devices == null ? null : devices.clone();
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
    EmaWeights generatorEma() {
        return generatorEma;
    }

    /** Returns D's EMA weights, or {@code null} without EMA. */
    EmaWeights discriminatorEma() {
        return discriminatorEma;
    }

    /** Returns the number of G updates done. */
    public long step() {
        return position.step();
    }

    /** Returns the current epoch (0-based). */
    public int epoch() {
        return position.epoch();
    }

    /** Returns how many batches of the current epoch are done. */
    public int batchInEpoch() {
        return position.batchInEpoch();
    }

    /** Returns where the run is: the loop's state, which the trainer's getters also read. */
    public RunPosition position() {
        return position;
    }

    /** Moves to the start of the next epoch. */
    void nextEpoch() {
        position.epochDone();
        generatorTrainer.notifyListeners(listener -> listener.onEpoch(generatorTrainer));
        discriminatorTrainer.notifyListeners(listener -> listener.onEpoch(discriminatorTrainer));
    }

    @Override
    public void close() {
        for (EmaWeights ema : averages()) {
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
        private BatchAugmentation augmentation = BatchAugmentation.NONE;
        private Device[] devices;
        private final List<GanListener> listeners = new ArrayList<>();
        private GanCheckpoints checkpoints;
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

        /**
         * Sets how training batches are changed before the objective sees them; none by default.
         * Validation batches are never changed.
         */
        public Builder optAugmentation(BatchAugmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /**
         * Sets the devices to train on, as DJL's {@link DefaultTrainingConfig#optDevices} does;
         * unset, the engine's default device alone (not every GPU, DJL's default). The networks'
         * weights live on the first. With more than one, every step splits its batch into one shard
         * of rows per device (DJL's {@link Batch#split}); each device runs G, D and the losses on
         * its shard against its own copy of the weights, and at each optimizer step DJL's parameter
         * server sums the copies' gradients and applies the one update to every copy. Shards are
         * run one after the other on the calling thread: the devices' kernels overlap where the
         * engine queues them asynchronously (GPUs), not through Java threads.
         *
         * @param devices distinct devices, for example {@code Device.gpu(0), Device.gpu(1)}
         * @return this builder
         * @throws IllegalArgumentException if none are given or one repeats (DJL names one CPU
         *     device, so data parallelism needs accelerators)
         */
        public Builder optDevices(Device... devices) {
            if (devices.length == 0
                    || new java.util.HashSet<>(List.of(devices)).size() != devices.length) {
                throw new IllegalArgumentException(
                        "devices must be distinct and at least one: "
                                + java.util.Arrays.toString(devices));
            }
            this.devices = devices.clone();
            return this;
        }

        /**
         * Sets where the run's checkpoints go: a {@link Checkpointing} listener saves them (after
         * every other listener), and the {@link DivergenceGuard} restores the latest when the run
         * diverges. Without checkpoints nothing is saved and a divergence stops the run.
         */
        public Builder optCheckpoints(GanCheckpoints checkpoints) {
            this.checkpoints = checkpoints;
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

        /**
         * Returns the listeners in the order they are called: the divergence guard first (no other
         * listener hears of a step it rejects), then those added, then checkpointing (a checkpoint
         * holds what the others did).
         */
        private List<GanListener> allListeners() {
            List<GanListener> all = new ArrayList<>();
            all.add(new DivergenceGuard(config, checkpoints));
            all.addAll(listeners);
            if (checkpoints != null) {
                all.add(new Checkpointing(checkpoints));
            }
            return List.copyOf(all);
        }
    }
}
