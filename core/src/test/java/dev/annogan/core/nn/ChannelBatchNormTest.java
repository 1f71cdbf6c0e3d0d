package dev.annogan.core.nn;

import static dev.annogan.core.nn.BlockChecks.parameter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.annogan.core.NDManagerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The normaliser matches the definition of batch normalisation over the channel axis. */
@ExtendWith(NDManagerExtension.class)
class ChannelBatchNormTest {

    private static final float EPS = 1e-5f;

    /** Layout (n, c, h, w) = (2, 2, 1, 2): channel 0 holds 1, 3, 5, 7 and channel 1 0, 2, 4, 10. */
    private static NDArray batch(NDManager manager) {
        return manager.create(new float[] {1, 3, 0, 2, 5, 7, 4, 10}, new Shape(2, 2, 1, 2));
    }

    private static ChannelBatchNorm initialised(NDManager manager, Shape shape) {
        ChannelBatchNorm norm = ChannelBatchNorm.builder().build();
        norm.initialize(manager, DataType.FLOAT32, shape);
        parameter(norm, "gamma").set(new float[] {2f, 0.5f});
        parameter(norm, "beta").set(new float[] {1f, -1f});
        return norm;
    }

    private static NDArray forward(ChannelBatchNorm norm, NDArray x, boolean training) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        if (!training) {
            return norm.forward(store, new NDList(x), false).singletonOrThrow();
        }
        // A training forward runs inside a collector and is backpropagated, as in training:
        // MXNet refuses a training forward outside a collector, and its fused operator folds the
        // batch statistics into the running ones in the backward pass (PyTorch's, in the forward).
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            NDArray y = norm.forward(store, new NDList(x), true).singletonOrThrow();
            collector.backward(y.sum());
            return y;
        }
    }

    @Test
    void trainingForwardNormalisesEachChannelWithTheBatchStatistics(NDManager manager) {
        NDArray x = batch(manager);
        NDArray y = forward(initialised(manager, x.getShape()), x, true);

        // channel 0: mean 4, biased variance (9 + 1 + 1 + 9) / 4 = 5
        // channel 1: mean 4, biased variance (16 + 4 + 0 + 36) / 4 = 14
        double s0 = Math.sqrt(5 + EPS);
        double s1 = Math.sqrt(14 + EPS);
        float[] expected = {
            (float) (2 * -3 / s0 + 1), (float) (2 * -1 / s0 + 1),
            (float) (0.5 * -4 / s1 - 1), (float) (0.5 * -2 / s1 - 1),
            (float) (2 * 1 / s0 + 1), (float) (2 * 3 / s0 + 1),
            (float) (0.5 * 0 / s1 - 1), (float) (0.5 * 6 / s1 - 1)
        };
        assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
    }

    @Test
    void trainingForwardFoldsTheUnbiasedBatchStatisticsIntoTheRunningOnes(NDManager manager) {
        NDArray x = batch(manager);
        ChannelBatchNorm norm = initialised(manager, x.getShape());
        forward(norm, x, true);

        // momentum 0.9 keeps 90% of the initial (0, 1). The batch variances are 5 and 14; PyTorch's
        // operator folds in their unbiased estimates (times n / (n - 1) = 4/3 here), MXNet's the
        // biased ones. The factor is 4/3 for these 4 values per channel and under 1.0001 for a
        // batch of 16 maps of 32x32.
        float correction = "MXNet".equals(manager.getEngine().getEngineName()) ? 1f : 4f / 3f;
        assertArrayEquals(
                new float[] {0.4f, 0.4f}, norm.getRunningMean(manager).toFloatArray(), 1e-6f);
        assertArrayEquals(
                new float[] {0.9f + 0.1f * 5f * correction, 0.9f + 0.1f * 14f * correction},
                norm.getRunningVariance(manager).toFloatArray(),
                1e-5f);
    }

    @Test
    void inferenceForwardUsesTheRunningStatisticsAndLeavesThemAlone(NDManager manager) {
        NDArray x = batch(manager);
        ChannelBatchNorm norm = initialised(manager, x.getShape());
        NDArray y = forward(norm, x, false);

        // running mean 0 and variance 1 at the start: y = gamma * x / sqrt(1 + eps) + beta
        NDArray gamma = manager.create(new float[] {2f, 0.5f}).reshape(1, 2, 1, 1);
        NDArray beta = manager.create(new float[] {1f, -1f}).reshape(1, 2, 1, 1);
        NDArray expected = x.mul(gamma).div((float) Math.sqrt(1 + EPS)).add(beta);
        assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f}, norm.getRunningMean(manager).toFloatArray());
    }

    @Test
    void vectorsOfShapeNByCAreNormalisedPerColumn(NDManager manager) {
        NDArray x = manager.create(new float[] {1, 10, 3, 30}, new Shape(2, 2));
        ChannelBatchNorm norm = ChannelBatchNorm.builder().build();
        norm.initialize(manager, DataType.FLOAT32, x.getShape());
        NDArray y = forward(norm, x, true);
        float one = (float) (1 / Math.sqrt(1 + EPS));
        float ten = (float) (10 / Math.sqrt(100 + EPS));
        assertArrayEquals(new float[] {-one, -ten, one, ten}, y.toFloatArray(), 1e-5f);
        assertArrayEquals(
                new Shape[] {x.getShape()}, norm.getOutputShapes(new Shape[] {x.getShape()}));
    }

    @Test
    void runningStatisticsAreBuffersThatSurviveSaveAndLoad(NDManager manager) throws Exception {
        NDArray x = batch(manager);
        ChannelBatchNorm norm = initialised(manager, x.getShape());
        forward(norm, x, true);
        // Only gamma and beta train; freezing and unfreezing cannot hand the statistics to Adam.
        assertEquals(List.of("gamma", "beta"), norm.getParameters().keys());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        norm.saveParameters(new DataOutputStream(bytes));
        ChannelBatchNorm loaded = ChannelBatchNorm.builder().build();
        loaded.initialize(manager, DataType.FLOAT32, x.getShape());
        loaded.loadParameters(
                manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertArrayEquals(
                norm.getRunningVariance(manager).toFloatArray(),
                loaded.getRunningVariance(manager).toFloatArray());
        assertArrayEquals(
                forward(norm, x, false).toFloatArray(), forward(loaded, x, false).toFloatArray());
    }

    @Test
    void inputGradientMatchesTheBatchNormalisationFormula(NDManager manager) {
        Shape shape = new Shape(4, 3, 2, 2);
        NDArray x = manager.randomNormal(shape);
        NDArray w = manager.randomNormal(shape);
        x.setRequiresGradient(true);
        ChannelBatchNorm norm = ChannelBatchNorm.builder().build();
        norm.initialize(manager, DataType.FLOAT32, shape);
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray y = norm.forward(store, new NDList(x), true).singletonOrThrow();
            NDArray loss = y.mul(w).sum();
            // A long run frees and reuses Java memory between forward and backward; a gradient
            // that read a freed temporary would show it here.
            churnJavaMemory();
            collector.backward(loss);
        }
        float[] expected = batchNormInputGradient(x.toFloatArray(), w.toFloatArray(), 4, 3, 4);
        assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-4f);
    }

    /**
     * The input gradient of {@code L = sum(w * y)}, {@code y = (x - mean) / sqrt(var + eps)} per
     * channel: {@code (w - mean(w) - xhat * mean(w * xhat)) / sqrt(var + eps)}.
     */
    private static float[] batchNormInputGradient(
            float[] x, float[] w, int batch, int channels, int pixels) {
        float[] gradient = new float[x.length];
        int count = batch * pixels;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int n = 0; n < batch; n++) {
                for (int p = 0; p < pixels; p++) {
                    sum += x[(n * channels + c) * pixels + p];
                }
            }
            double mean = sum / count;
            double squares = 0;
            for (int n = 0; n < batch; n++) {
                for (int p = 0; p < pixels; p++) {
                    double d = x[(n * channels + c) * pixels + p] - mean;
                    squares += d * d;
                }
            }
            double sigma = Math.sqrt(squares / count + EPS);
            double meanW = 0;
            double meanWxhat = 0;
            for (int n = 0; n < batch; n++) {
                for (int p = 0; p < pixels; p++) {
                    int i = (n * channels + c) * pixels + p;
                    meanW += w[i] / count;
                    meanWxhat += w[i] * (x[i] - mean) / sigma / count;
                }
            }
            for (int n = 0; n < batch; n++) {
                for (int p = 0; p < pixels; p++) {
                    int i = (n * channels + c) * pixels + p;
                    double xhat = (x[i] - mean) / sigma;
                    gradient[i] = (float) ((w[i] - meanW - xhat * meanWxhat) / sigma);
                }
            }
        }
        return gradient;
    }

    private static void churnJavaMemory() {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            buffer.putFloat(0, Float.NaN);
            junk.add(buffer);
        }
    }

    @Test
    void gammaAndBetaGetGradients(NDManager manager) {
        GradientFlow.assertEveryParameterGetsAGradient(
                manager,
                ChannelBatchNorm.builder().build(),
                new NDList(manager.randomNormal(new Shape(4, 3, 2, 2))));
    }

    @Test
    void trainingStillWorksAfterTheBlockIsFrozenAndUnfrozen(NDManager manager) {
        // DJL's BatchNorm fails here on PyTorch: unfreezing makes its running statistics require
        // gradients, which native_batch_norm rejects.
        NDArray x = batch(manager);
        ChannelBatchNorm norm = initialised(manager, x.getShape());
        norm.freezeParameters(true);
        norm.freezeParameters(false);
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray y = norm.forward(store, new NDList(x), true).singletonOrThrow();
            collector.backward(y.mul(x).sum());
        }
        BlockChecks.assertEveryParameterHasGradient(norm);
        assertArrayEquals(
                new float[] {0.4f, 0.4f}, norm.getRunningMean(manager).toFloatArray(), 1e-6f);
    }

    @Test
    void builderRejectsAMomentumOfOneAndANonPositiveEpsilon() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ChannelBatchNorm.builder().optMomentum(1f).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ChannelBatchNorm.builder().optEpsilon(0f).build());
    }
}
