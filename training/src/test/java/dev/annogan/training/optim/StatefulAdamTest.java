package dev.annogan.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatefulAdamTest {

    private static final float LEARNING_RATE = 0.01f;
    private static final float TINY_EPSILON = 1e-12f;

    @Test
    void takesTheSameStepsAsDjlAdamForTheSameGradients() {
        float[] start = {0.5f, -1f, 2f, 0f, 0.25f, -0.75f};
        Random random = new Random(7);
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam candidate =
                        StatefulAdam.builder().optLearningRate(LEARNING_RATE).build()) {
            Adam reference =
                    Adam.builder().optLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build();
            NDArray expected = manager.create(start);
            NDArray actual = manager.create(start);
            for (int step = 0; step < 20; step++) {
                float[] gradient = new float[start.length];
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] = 0.4f * (i - 2.5f) + 0.5f * (float) random.nextGaussian();
                }
                reference.update("w", expected, manager.create(gradient));
                candidate.update("w", actual, manager.create(gradient));
            }
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-6f);
            assertTrue(maxDifference(start, actual.toFloatArray()) > 0.05f, "weights barely moved");
        }
    }

    @Test
    void aParameterWithItsOwnFactorStepsThatFractionOfTheWay() {
        // Adam's first step is lr * g / |g| (plus epsilon) whatever the gradient's size, so a
        // factor shows as the same fraction of the distance moved.
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam adam = StatefulAdam.builder().optLearningRate(LEARNING_RATE).build()) {
            adam.setParameterLearningRateFactor("backbone", 0.1f);
            NDArray head = manager.create(new float[] {1f, -2f});
            NDArray backbone = manager.create(new float[] {1f, -2f});
            adam.update("head", head, manager.create(new float[] {0.3f, -5f}));
            adam.update("backbone", backbone, manager.create(new float[] {0.3f, -5f}));
            assertArrayEquals(
                    new float[] {1f - LEARNING_RATE, -2f + LEARNING_RATE},
                    head.toFloatArray(),
                    1e-6f);
            assertArrayEquals(
                    new float[] {1f - 0.1f * LEARNING_RATE, -2f + 0.1f * LEARNING_RATE},
                    backbone.toFloatArray(),
                    1e-6f);
            adam.setParameterLearningRateFactor("backbone", 1f);
            float before = backbone.toFloatArray()[0];
            adam.update("backbone", backbone, manager.create(new float[] {0.3f, -5f}));
            assertEquals(
                    LEARNING_RATE,
                    before - backbone.toFloatArray()[0],
                    1e-5f,
                    "factor 1 removes it");
            assertThrows(
                    IllegalArgumentException.class,
                    () -> adam.setParameterLearningRateFactor("backbone", 0f));
        }
    }

    // DJL adds epsilon before the bias correction of v, torch.optim.Adam after it; with a
    // negligible epsilon the two rules coincide, so the runs differ only by rounding.
    @Test
    void trainsLikeDjlAdamThroughATrainer() {
        assertSameTrajectory(
                Adam.builder()
                        .optLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                        .optEpsilon(TINY_EPSILON)
                        .build(),
                StatefulAdam.builder()
                        .optLearningRate(LEARNING_RATE)
                        .optEpsilon(TINY_EPSILON)
                        .build());
    }

    @Test
    void rescalesGradientsAndDecaysWeightsAsDjlAdamDoes() {
        assertSameTrajectory(
                Adam.builder()
                        .optLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                        .optEpsilon(TINY_EPSILON)
                        .setRescaleGrad(0.5f)
                        .optWeightDecays(0.05f)
                        .build(),
                StatefulAdam.builder()
                        .optLearningRate(LEARNING_RATE)
                        .optEpsilon(TINY_EPSILON)
                        .setRescaleGrad(0.5f)
                        .optWeightDecays(0.05f)
                        .build());
    }

    @Test
    void zeroesTheWeightsGradientSoTheNextBackwardStartsFresh() {
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam adam = StatefulAdam.builder().build()) {
            NDArray weight = manager.create(new float[] {1f, -2f, 3f});
            weight.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(weight.mul(weight).sum());
            }

            adam.update("w", weight, weight.getGradient().duplicate());
            // PyTorch adds a backward's gradients to the old ones unless the update zeroed them;
            // MXNet overwrites them. Either way the next backward must see its own alone.
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(weight.sum());
            }

            assertArrayEquals(new float[] {1f, 1f, 1f}, weight.getGradient().toFloatArray());
        }
    }

    @Test
    void clipsGradientsOnBothSides() {
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam clipping =
                        StatefulAdam.builder().optLearningRate(0.1f).optClipGrad(1f).build();
                StatefulAdam plain = StatefulAdam.builder().optLearningRate(0.1f).build()) {
            NDArray clippedWeight = manager.create(new float[] {1f, 1f, 1f, 1f});
            NDArray plainWeight = manager.create(new float[] {1f, 1f, 1f, 1f});
            for (int step = 0; step < 3; step++) {
                clipping.update(
                        "w", clippedWeight, manager.create(new float[] {-5f, -0.5f, 0.5f, 5f}));
                plain.update("w", plainWeight, manager.create(new float[] {-1f, -0.5f, 0.5f, 1f}));
            }
            assertArrayEquals(plainWeight.toFloatArray(), clippedWeight.toFloatArray());
        }
    }

    @Test
    void resumesFromSavedStateExactly() throws IOException {
        int steps = 12;
        int interruption = 5;
        byte[] initial;
        List<float[]> uninterrupted;
        // A lowered scale must survive the restore as well as the moments and step counts.
        StatefulAdam continuousAdam = StatefulAdam.builder().optLearningRate(LEARNING_RATE).build();
        continuousAdam.setLearningRateScale(0.5f);
        try (LinearRegressionRun continuous = new LinearRegressionRun(continuousAdam, null)) {
            initial = continuous.parameters();
            for (int step = 0; step < steps; step++) {
                continuous.step(step);
            }
            uninterrupted = continuous.weights();
        }

        byte[] savedParameters;
        byte[] savedState;
        StatefulAdam firstAdam = StatefulAdam.builder().optLearningRate(LEARNING_RATE).build();
        firstAdam.setLearningRateScale(0.5f);
        try (LinearRegressionRun first = new LinearRegressionRun(firstAdam, initial)) {
            for (int step = 0; step < interruption; step++) {
                first.step(step);
            }
            savedParameters = first.parameters();
            savedState = saveState(firstAdam, first.block());
        }

        StatefulAdam resumedAdam = StatefulAdam.builder().optLearningRate(LEARNING_RATE).build();
        try (LinearRegressionRun resumed = new LinearRegressionRun(resumedAdam, savedParameters)) {
            resumedAdam.loadState(
                    resumed.block(),
                    resumed.manager(),
                    new DataInputStream(new ByteArrayInputStream(savedState)));
            for (int step = interruption; step < steps; step++) {
                resumed.step(step);
            }
            List<float[]> weights = resumed.weights();
            for (int i = 0; i < weights.size(); i++) {
                assertArrayEquals(uninterrupted.get(i), weights.get(i), "parameter " + i);
            }
            String firstId = resumed.block().getParameters().valueAt(0).getId();
            assertEquals(steps, resumedAdam.getStep(firstId));
        }
    }

    @Test
    void loadingStateRewindsAnOptimizerThatHasMovedOn() throws IOException {
        Block block = smallBlock();
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam adam = StatefulAdam.builder().optLearningRate(0.1f).build()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Parameter parameter = block.getParameters().valueAt(0);
            NDArray weight = parameter.getArray();
            for (int step = 0; step < 3; step++) {
                adam.update(parameter.getId(), weight, gradient(manager, weight, step));
            }
            float[] savedWeight = weight.toFloatArray();
            byte[] savedState = saveState(adam, block);
            for (int step = 3; step < 6; step++) {
                adam.update(parameter.getId(), weight, gradient(manager, weight, step));
            }
            float[] firstRun = weight.toFloatArray();

            weight.set(savedWeight);
            adam.loadState(
                    block, manager, new DataInputStream(new ByteArrayInputStream(savedState)));
            assertEquals(3, adam.getStep(parameter.getId()));
            for (int step = 3; step < 6; step++) {
                adam.update(parameter.getId(), weight, gradient(manager, weight, step));
            }
            assertArrayEquals(firstRun, weight.toFloatArray());
        }
    }

    @Test
    void halvesTheUpdateWhenTheLearningRateScaleIsHalf() {
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam full = StatefulAdam.builder().optLearningRate(0.1f).build();
                StatefulAdam half = StatefulAdam.builder().optLearningRate(0.1f).build()) {
            half.setLearningRateScale(0.5f);
            float[] start = {1f, -2f, 3f};
            NDArray fullWeight = manager.create(start);
            NDArray halfWeight = manager.create(start);
            for (int step = 0; step < 4; step++) {
                float[] gradient = {0.3f * step - 1f, 2f, -0.5f};
                full.update("w", fullWeight, manager.create(gradient));
                half.update("w", halfWeight, manager.create(gradient));
            }
            float[] fullDelta = fullWeight.sub(manager.create(start)).toFloatArray();
            float[] halfDelta = halfWeight.sub(manager.create(start)).toFloatArray();
            for (int i = 0; i < start.length; i++) {
                assertTrue(Math.abs(fullDelta[i]) > 0.1f, "update too small to compare");
                assertEquals(fullDelta[i] / 2, halfDelta[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void savesAndRestoresTheLearningRateScale() throws IOException {
        Block block = smallBlock();
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam saving = StatefulAdam.builder().build();
                StatefulAdam loading = StatefulAdam.builder().build()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            saving.setLearningRateScale(0.25f);
            loading.loadState(
                    block,
                    manager,
                    new DataInputStream(new ByteArrayInputStream(saveState(saving, block))));
            assertEquals(0.25f, loading.getLearningRateScale());
        }
    }

    @Test
    void refusesStateOfAnotherArchitecture() throws IOException {
        Block saved = smallBlock();
        Block other =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(4).build())
                        .add(Linear.builder().setUnits(4).build());
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam saving = StatefulAdam.builder().build();
                StatefulAdam loading = StatefulAdam.builder().build()) {
            saved.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            other.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            NDArray weight = saved.getParameters().valueAt(0).getArray();
            saving.update(saved.getParameters().valueAt(0).getId(), weight, weight.onesLike());
            byte[] state = saveState(saving, saved);
            IOException error =
                    assertThrows(
                            IOException.class,
                            () ->
                                    loading.loadState(
                                            other,
                                            manager,
                                            new DataInputStream(new ByteArrayInputStream(state))));
            assertTrue(error.getMessage().contains("01Linear_weight"), error.getMessage());
        }
    }

    @Test
    void refusesAStreamThatIsNotASavedState() {
        try (NDManager manager = NDManager.newBaseManager();
                StatefulAdam adam = StatefulAdam.builder().build()) {
            byte[] garbage = {0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0, 1};
            IOException error =
                    assertThrows(
                            IOException.class,
                            () ->
                                    adam.loadState(
                                            smallBlock(),
                                            manager,
                                            new DataInputStream(
                                                    new ByteArrayInputStream(garbage))));
            assertTrue(error.getMessage().contains("not a StatefulAdam state"), error.getMessage());
        }
    }

    private static NDArray gradient(NDManager manager, NDArray weight, int step) {
        return manager.ones(weight.getShape()).muli(step - 2.5f);
    }

    private static Block smallBlock() {
        return new SequentialBlock().add(Linear.builder().setUnits(3).build());
    }

    private static byte[] saveState(StatefulAdam adam, Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            adam.saveState(block, out);
        }
        return bytes.toByteArray();
    }

    private static void assertSameTrajectory(Optimizer reference, StatefulAdam candidate) {
        List<float[]> expected;
        byte[] initial;
        List<float[]> start;
        try (LinearRegressionRun run = new LinearRegressionRun(reference, null)) {
            initial = run.parameters();
            start = run.weights();
            for (int step = 0; step < 20; step++) {
                run.step(step);
            }
            expected = run.weights();
        }
        try (LinearRegressionRun run = new LinearRegressionRun(candidate, initial)) {
            for (int step = 0; step < 20; step++) {
                run.step(step);
            }
            List<float[]> actual = run.weights();
            for (int i = 0; i < actual.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), 1e-6f, "parameter " + i);
                assertTrue(
                        maxDifference(start.get(i), actual.get(i)) > 0.01f,
                        "parameter " + i + " barely moved");
            }
        } finally {
            candidate.close();
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0f;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
