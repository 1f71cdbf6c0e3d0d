package dev.annogan.training;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.annogan.training.checkpoint.Checkpoint;
import dev.annogan.training.checkpoint.CheckpointException;
import dev.annogan.training.checkpoint.CheckpointStore;
import dev.annogan.training.checkpoint.MetricGoal;
import dev.annogan.training.checkpoint.PartWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Saves and restores everything a GAN run needs to continue exactly: both networks' weights, both
 * optimizers' states (Adam's moments, which DJL's {@code Model.save} drops), the moving averages of
 * G's and D's weights (when the run keeps them), the position (step, epoch, batch within the epoch)
 * and the config. Noise and batch order are functions of the seed and the position, so nothing else
 * is needed.
 */
public final class GanCheckpoints {

    static final String GENERATOR = "generator.params";
    static final String DISCRIMINATOR = "discriminator.params";
    static final String GENERATOR_OPTIMIZER = "generator.optimizer";
    static final String DISCRIMINATOR_OPTIMIZER = "discriminator.optimizer";
    static final String EMA = "generator-ema.params";
    static final String DISCRIMINATOR_EMA = "discriminator-ema.params";
    static final String STATE = "state.json";

    private final CheckpointStore store;
    private final String metric;

    /**
     * Opens the checkpoints of a run directory.
     *
     * @param runDir the run's checkpoint folder
     * @param keepLast how many recent checkpoints to keep (the best is kept too)
     * @param metric the validation metric that decides the best checkpoint, or null
     * @param higherIsBetter whether larger values of the metric are better
     */
    public GanCheckpoints(Path runDir, int keepLast, String metric, boolean higherIsBetter)
            throws IOException {
        this.store =
                CheckpointStore.open(
                        runDir,
                        keepLast,
                        higherIsBetter ? MetricGoal.MAXIMIZE : MetricGoal.MINIMIZE);
        this.metric = metric;
    }

    /** Returns the metric's value in validation results, or NaN. */
    public double metricOf(Map<String, Double> validation) {
        Double value = metric == null ? null : validation.get(metric);
        return value == null ? Double.NaN : value;
    }

    /** Returns whether there is a checkpoint to resume from. */
    public boolean hasLatest() throws IOException {
        return store.latest().isPresent();
    }

    /** Returns the folder of the latest checkpoint, for messages. */
    public Path latestDirectory() throws IOException {
        return store.latest().map(Checkpoint::directory).orElse(null);
    }

    /** Returns the store, for loading a model from the best or latest checkpoint. */
    public CheckpointStore store() {
        return store;
    }

    /** Saves the trainer's complete state as a checkpoint at its current step. */
    public void save(GanTrainer gan, double metricValue) throws IOException {
        Map<String, PartWriter> parts = new LinkedHashMap<>();
        parts.put(
                GENERATOR,
                out ->
                        ParameterValues.write(
                                gan.generatorModel().getBlock(), new DataOutputStream(out)));
        parts.put(
                DISCRIMINATOR,
                out ->
                        ParameterValues.write(
                                gan.discriminatorModel().getBlock(), new DataOutputStream(out)));
        parts.put(
                GENERATOR_OPTIMIZER,
                out ->
                        gan.generatorOptimizer()
                                .saveState(
                                        gan.generatorModel().getBlock(),
                                        new DataOutputStream(out)));
        parts.put(
                DISCRIMINATOR_OPTIMIZER,
                out ->
                        gan.discriminatorOptimizer()
                                .saveState(
                                        gan.discriminatorModel().getBlock(),
                                        new DataOutputStream(out)));
        if (gan.generatorEma() != null) {
            parts.put(EMA, out -> writeAverage(gan.generatorEma(), out));
        }
        if (gan.discriminatorEma() != null) {
            parts.put(DISCRIMINATOR_EMA, out -> writeAverage(gan.discriminatorEma(), out));
        }
        parts.put(STATE, out -> out.write(state(gan).getBytes(StandardCharsets.UTF_8)));
        store.save(gan.step(), metricValue, parts);
    }

    /**
     * Restores the latest checkpoint into the trainer.
     *
     * @return the restored step
     * @throws CheckpointException if there is none, or it is incomplete or corrupt (nothing is
     *     loaded then)
     */
    public long restoreLatest(GanTrainer gan) throws IOException {
        Optional<Checkpoint> latest = store.latest();
        if (latest.isEmpty()) {
            throw new CheckpointException(
                    store.runDirectory(), "holds no checkpoint to resume from");
        }
        return restore(gan, latest.get());
    }

    /** Restores a checkpoint into the trainer; returns its step. */
    public static long restore(GanTrainer gan, Checkpoint checkpoint) throws IOException {
        // Every part is checked against the manifest before anything is loaded, so a broken
        // checkpoint is refused before the trainer is touched.
        checkpoint.verify();
        JsonObject state;
        try (InputStream in = checkpoint.read(STATE)) {
            state =
                    JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .getAsJsonObject();
        }
        long seed = state.get("seed").getAsLong();
        if (seed != gan.config().seed()) {
            throw new CheckpointException(
                    checkpoint.directory(),
                    "was made with seed "
                            + seed
                            + " but this run uses seed "
                            + gan.config().seed()
                            + "; resume with the same seed");
        }
        NDManager manager = gan.generatorModel().getNDManager();
        readInto(checkpoint, GENERATOR, gan.generatorModel().getBlock(), manager);
        readInto(
                checkpoint,
                DISCRIMINATOR,
                gan.discriminatorModel().getBlock(),
                gan.discriminatorModel().getNDManager());
        try (InputStream in = checkpoint.read(GENERATOR_OPTIMIZER)) {
            gan.generatorOptimizer()
                    .loadState(gan.generatorModel().getBlock(), manager, new DataInputStream(in));
        }
        try (InputStream in = checkpoint.read(DISCRIMINATOR_OPTIMIZER)) {
            gan.discriminatorOptimizer()
                    .loadState(
                            gan.discriminatorModel().getBlock(),
                            gan.discriminatorModel().getNDManager(),
                            new DataInputStream(in));
        }
        readAverage(checkpoint, EMA, gan.generatorEma(), manager);
        readAverage(
                checkpoint,
                DISCRIMINATOR_EMA,
                gan.discriminatorEma(),
                gan.discriminatorModel().getNDManager());
        gan.position()
                .restore(
                        state.get("step").getAsLong(),
                        state.get("epoch").getAsInt(),
                        state.get("batchInEpoch").getAsInt());
        // The weights were written into the blocks; an engine whose parameter server keeps its
        // own copy (MXNet) must start from them, or the next step would undo the restore.
        gan.reloadWeights();
        return gan.step();
    }

    private static void writeAverage(EmaWeights ema, java.io.OutputStream out) throws IOException {
        ParameterValues.write(
                ema.arrays(), ParameterValues.namesOf(ema.block()), new DataOutputStream(out));
    }

    /**
     * Loads a moving average the run keeps. A checkpoint without it is refused rather than skipped:
     * validation and exports read the average, and one left at its start would silently replace the
     * trained network.
     */
    private static void readAverage(
            Checkpoint checkpoint, String part, EmaWeights ema, NDManager manager)
            throws IOException {
        if (ema == null) {
            return;
        }
        if (!checkpoint.hasPart(part)) {
            throw new CheckpointException(
                    checkpoint.directory(),
                    "holds no "
                            + part
                            + " but this run keeps that moving average; resume with the EMA"
                            + " settings the run was started with");
        }
        try (InputStream in = checkpoint.read(part)) {
            ParameterValues.read(
                    ema.arrays(),
                    ParameterValues.namesOf(ema.block()),
                    manager,
                    new DataInputStream(in));
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(checkpoint.directory(), part + ": " + e.getMessage(), e);
        }
    }

    private static void readInto(
            Checkpoint checkpoint, String part, ai.djl.nn.Block block, NDManager manager)
            throws IOException {
        try (InputStream in = checkpoint.read(part)) {
            ParameterValues.read(block, manager, new DataInputStream(in));
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(checkpoint.directory(), part + ": " + e.getMessage(), e);
        }
    }

    private static String state(GanTrainer gan) {
        return "{\"step\": "
                + gan.step()
                + ", \"epoch\": "
                + gan.epoch()
                + ", \"batchInEpoch\": "
                + gan.batchInEpoch()
                + ", \"seed\": "
                + gan.config().seed()
                + ", \"config\": "
                + gan.config()
                + "}\n";
    }
}
