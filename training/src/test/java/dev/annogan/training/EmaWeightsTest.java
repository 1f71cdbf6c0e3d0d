package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.Pair;
import dev.annogan.training.checkpoint.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moving average of a network's weights, G's and D's alike: the averaging formula, the forward
 * with averaged weights (the mean teacher's prediction), the swap that validation and export use,
 * its start at the weights training starts from, and an exact restore on resume.
 */
class EmaWeightsTest {

    @TempDir Path dir;

    @Test
    void decayRampsUpToItsLimit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmaWeights ema = new EmaWeights(linear(manager), manager, 0.99f);
            assertEquals(0.1f, ema.decayAt(0), 1e-7);
            assertEquals(0.5f, ema.decayAt(8), 1e-7);
            assertEquals(0.9f, ema.decayAt(80), 1e-7);
            assertEquals(0.99f, ema.decayAt(10_000), 1e-7);
        }
    }

    @Test
    void updateFollowsTheFormulaAndForwardUsesTheAverage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            EmaWeights ema = new EmaWeights(block, manager, 0.9f);
            float[][] start = weights(block);
            // Step 0: d = 0.1, so avg = 0.1 * start + 0.9 * w1.
            add(block, 1f);
            ema.update(0);
            float[][] w1 = weights(block);
            // Step 100: d = min(0.9, 101/110) = 0.9.
            add(block, -3f);
            ema.update(100);
            float[][] w2 = weights(block);
            List<NDArray> average = ema.arrays();
            for (int p = 0; p < start.length; p++) {
                float[] expected = new float[start[p].length];
                for (int i = 0; i < expected.length; i++) {
                    float afterFirst = 0.1f * start[p][i] + 0.9f * w1[p][i];
                    expected[i] = 0.9f * afterFirst + 0.1f * w2[p][i];
                }
                assertArrayEquals(expected, average.get(p).toFloatArray(), 1e-5f);
            }

            // The teacher's forward is the network run with the averaged weights, which it leaves
            // untouched.
            NDArray x = manager.randomUniform(-1f, 1f, new Shape(3, 4));
            float[] teacher = ema.forward(new NDList(x)).head().toFloatArray();
            float[][] trained = weights(block);
            ema.swapIn();
            float[] swapped = forward(block, manager, x);
            ema.swapOut();
            assertArrayEquals(swapped, teacher, 1e-6f);
            assertFalse(java.util.Arrays.equals(teacher, forward(block, manager, x)));
            float[][] after = weights(block);
            for (int p = 0; p < trained.length; p++) {
                assertArrayEquals(trained[p], after[p], "swapOut restores the trained weights");
            }
        }
    }

    @Test
    void teacherRunsLayersWithoutABias() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block =
                    ai.djl.nn.convolutional.Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .setFilters(2)
                            .optBias(false)
                            .build();
            Engine.getInstance().setRandomSeed(3);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 5, 5));
            EmaWeights ema = new EmaWeights(block, manager, 0.9f);
            add(block, 0.5f);
            ema.update(0);
            NDArray x = manager.randomUniform(-1f, 1f, new Shape(2, 1, 5, 5));
            float[] teacher = ema.forward(new NDList(x)).head().toFloatArray();
            ema.swapIn();
            float[] swapped =
                    block.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .head()
                            .toFloatArray();
            ema.swapOut();
            assertArrayEquals(swapped, teacher, 1e-6f);
        }
    }

    @Test
    void teacherForwardInsideACollectorSendsNoGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            EmaWeights ema = new EmaWeights(block, manager, 0.9f);
            add(block, 0.5f);
            ema.update(0);
            NDArray x = manager.randomUniform(-1f, 1f, new Shape(3, 4));
            ParameterStore store = new ParameterStore(manager, false);
            float[] alone = gradientOfWeight(block, store, x, null);
            float[] withTeacher = gradientOfWeight(block, store, x, ema);
            // The teacher's output enters the loss as a constant: the gradient is that of the
            // student's term alone.
            assertArrayEquals(alone, withTeacher, 1e-6f);
        }
    }

    @Test
    void averagesStartFromTheWeightsTheFirstStepStartsFrom() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(3)
                        .optBatchSize(8)
                        .optEmaDecay(0.99f)
                        .optDiscriminatorEmaDecay(0.99f)
                        .build();
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(config)) {
            // A runner changes G after initialisation, as the label-set GAN sets its output bias.
            add(gan.generatorModel().getBlock(), 0.25f);
            float[][] g0 = weights(gan.generatorModel().getBlock());
            float[][] d0 = weights(gan.discriminatorModel().getBlock());
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(8, 3), 8);
            try (ai.djl.training.dataset.Batch batch = data.getData(manager).iterator().next()) {
                gan.trainBatch(batch);
            }
            float[][] g1 = weights(gan.generatorModel().getBlock());
            float[][] d1 = weights(gan.discriminatorModel().getBlock());
            assertAverage(0.1f, g0, g1, gan.generatorEma().arrays());
            assertAverage(0.1f, d0, d1, gan.discriminatorEma().arrays());
        }
    }

    @Test
    void resumedRunRestoresBothAveragesExactly() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(5)
                        .optBatchSize(8)
                        .optLearningRates(5e-3f, 5e-3f)
                        .optEmaDecay(0.9f)
                        .optDiscriminatorEmaDecay(0.8f)
                        .optCheckpoints(5, 2)
                        .build();
        List<float[]> whole = averagesAfter(config, dir.resolve("whole"), 3, false);
        Path runDir = dir.resolve("resumed");
        averagesAfter(config, runDir, 1, false);
        List<float[]> resumed = averagesAfter(config, runDir, 3, true);
        assertEquals(whole.size(), resumed.size());
        for (int i = 0; i < whole.size(); i++) {
            assertArrayEquals(whole.get(i), resumed.get(i), 1e-6f, "average array " + i);
        }
    }

    @Test
    void checkpointWithoutTheAverageIsRefused() throws Exception {
        GanConfig config =
                GanConfig.builder()
                        .optSeed(5)
                        .optBatchSize(8)
                        .optDiscriminatorEmaDecay(0.8f)
                        .optCheckpoints(5, 2)
                        .build();
        Path runDir = dir.resolve("run");
        averagesAfter(config, runDir, 1, false);
        Path latest = new GanCheckpoints(runDir, 2, null, false).latestDirectory();
        Files.delete(latest.resolve(GanCheckpoints.DISCRIMINATOR_EMA));
        try (GanTrainer gan = TinyGan.trainer(config)) {
            CheckpointException e =
                    assertThrows(
                            CheckpointException.class,
                            () -> new GanCheckpoints(runDir, 2, null, false).restoreLatest(gan));
            assertTrue(e.getMessage().contains(GanCheckpoints.DISCRIMINATOR_EMA), e.getMessage());
        }
    }

    @Test
    void readingAnAverageTheRunDoesNotKeepNamesTheSetting() {
        try (GanTrainer gan = TinyGan.trainer(GanConfig.builder().build());
                NDManager manager = NDManager.newBaseManager()) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> GanTrainer.averaged(gan.discriminatorEma(), "D", "optX"));
            assertTrue(e.getMessage().contains("optX"), e.getMessage());
        }
    }

    /** Trains the tiny GAN for {@code epochs} epochs in all and returns both averages' arrays. */
    private static List<float[]> averagesAfter(
            GanConfig config, Path runDir, int epochs, boolean resume) throws Exception {
        GanCheckpoints checkpoints = new GanCheckpoints(runDir, 2, null, false);
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(config, checkpoints)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(60, 2), 8);
            if (resume) {
                checkpoints.restoreLatest(gan);
            }
            FitLoop.fit(gan, TrainingStep.adversarial(), epochs, data, null);
            List<float[]> arrays = new ArrayList<>();
            for (EmaWeights ema : new EmaWeights[] {gan.generatorEma(), gan.discriminatorEma()}) {
                if (ema != null) {
                    for (NDArray array : ema.arrays()) {
                        arrays.add(array.toFloatArray());
                    }
                }
            }
            return arrays;
        }
    }

    private static void assertAverage(
            float decay, float[][] before, float[][] after, List<NDArray> average) {
        for (int p = 0; p < before.length; p++) {
            float[] expected = new float[before[p].length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = decay * before[p][i] + (1 - decay) * after[p][i];
            }
            assertArrayEquals(expected, average.get(p).toFloatArray(), 1e-5f, "parameter " + p);
        }
    }

    private static float[] gradientOfWeight(
            Block block, ParameterStore store, NDArray x, EmaWeights teacher) {
        Parameter weight = block.getParameters().get("weight");
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray student = block.forward(store, new NDList(x), true).head();
            NDArray loss = student.square().sum();
            if (teacher != null) {
                loss = loss.add(teacher.forward(new NDList(x)).head().square().sum());
            }
            collector.backward(loss);
        }
        NDArray gradient = weight.getArray().getGradient();
        float[] values = gradient.toFloatArray();
        gradient.subi(gradient); // PyTorch adds the next backward pass's gradient to this one
        return values;
    }

    private static Block linear(NDManager manager) {
        Block block = Linear.builder().setUnits(2).build();
        Engine.getInstance().setRandomSeed(11);
        block.initialize(manager, DataType.FLOAT32, new Shape(3, 4));
        return block;
    }

    private static float[] forward(Block block, NDManager manager, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .head()
                .toFloatArray();
    }

    private static void add(Block block, float value) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().addi(value);
        }
    }

    private static float[][] weights(Block block) {
        List<float[]> all = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            all.add(p.getValue().getArray().toFloatArray());
        }
        return all.toArray(new float[0][]);
    }
}
