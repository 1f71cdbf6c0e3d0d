package dev.annogan.core.nn;

import static dev.annogan.core.nn.BlockChecks.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.annogan.core.NDManagerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A spectrally normalised layer computes with W / sigma(W), sigma from power iteration; checked
 * against a plain-Java power iteration on the weight's floats.
 */
@ExtendWith(NDManagerExtension.class)
class SpectralNormTest {

    private static final int IN = 8;
    private static final int OUT = 6;

    @Test
    void effectiveWeightHasLargestSingularValueOne(NDManager manager) {
        SpectralNorm block = linear(manager, 1);
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(4, IN));
        for (int i = 0; i < 60; i++) {
            trainingForward(block, x);
        }
        // With no bias, feeding the identity returns the effective weight, transposed.
        NDArray effective = forward(block, new NDList(manager.eye(IN))).singletonOrThrow();

        float[][] rows = matrix(effective.transpose().toFloatArray(), OUT, IN);
        assertEquals(1.0, topSingularValue(rows), 1e-2);
        // The raw weight is not normalised: the check above is not vacuous.
        float[][] raw = matrix(weight(block).toFloatArray(), OUT, IN);
        assertTrue(Math.abs(topSingularValue(raw) - 1.0) > 0.05, "raw sigma near 1");
        assertEquals(topSingularValue(raw), block.getSigmaEstimate(), 1e-3);
    }

    @Test
    void convolutionOutputEqualsTheConvolutionWithWeightOverSigma(NDManager manager) {
        Conv2d conv =
                Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .setFilters(4)
                        .optStride(new Shape(2, 2))
                        .optPadding(new Shape(1, 1))
                        .build();
        SpectralNorm block = SpectralNorm.builder().setBlock(conv).optPowerIterations(200).build();
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(2, 3, 8, 8));
        block.initialize(manager, DataType.FLOAT32, x.getShape());

        NDArray output = trainingForward(block, x);

        NDArray w = weight(block);
        NDArray b = BlockChecks.parameter(block, "wrapped_bias");
        double sigma = topSingularValue(matrix(w.toFloatArray(), 4, 3 * 3 * 3));
        NDArray expected =
                Conv2d.conv2d(x, w.div(sigma), b, new Shape(2, 2), new Shape(1, 1))
                        .singletonOrThrow();
        assertEquals(new Shape(2, 4, 4, 4), output.getShape());
        assertArrayEquals(expected.toFloatArray(), output.toFloatArray(), 1e-4f);
    }

    @Test
    void groupedOneDimensionalConvolutionKeepsItsStrideDilationAndGroups(NDManager manager) {
        Conv1d conv =
                Conv1d.builder()
                        .setKernelShape(new Shape(3))
                        .setFilters(4)
                        .optStride(new Shape(2))
                        .optDilation(new Shape(2))
                        .optGroups(2)
                        .build();
        SpectralNorm block = SpectralNorm.builder().setBlock(conv).optPowerIterations(200).build();
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(2, 4, 11));
        block.initialize(manager, DataType.FLOAT32, x.getShape());

        NDArray output = trainingForward(block, x);

        NDArray w = weight(block);
        NDArray b = BlockChecks.parameter(block, "wrapped_bias");
        double sigma = topSingularValue(matrix(w.toFloatArray(), 4, 2 * 3));
        NDArray expected =
                Conv1d.conv1d(x, w.div(sigma), b, new Shape(2), new Shape(0), new Shape(2), 2)
                        .singletonOrThrow();
        assertEquals(expected.getShape(), output.getShape());
        assertArrayEquals(expected.toFloatArray(), output.toFloatArray(), 1e-4f);
    }

    @Test
    void gradientReachesTheWeightThroughSigma(NDManager manager) {
        SpectralNorm block = linear(manager, 200);
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(5, IN));
        NDArray g = manager.randomUniform(-1f, 1f, new Shape(5, OUT));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(trainingForward(block, x).mul(g).sum());
        }
        float[] actual = weight(block).getGradient().toFloatArray();

        // loss = sum(g * x (W/s)^T) with s = u^T W v: dL/dW = G/s - (sum(G*W)/s^2) u v^T, G = g^T x
        float[][] w = matrix(weight(block).toFloatArray(), OUT, IN);
        float[][] gx = matrix(g.transpose().matMul(x).toFloatArray(), OUT, IN);
        double[] u = new double[OUT];
        double[] v = new double[IN];
        double s = powerIteration(w, u, v);
        double inner = 0;
        for (int i = 0; i < OUT; i++) {
            for (int j = 0; j < IN; j++) {
                inner += gx[i][j] * w[i][j];
            }
        }
        float[] expected = new float[OUT * IN];
        float[] ignoringSigma = new float[OUT * IN];
        for (int i = 0; i < OUT; i++) {
            for (int j = 0; j < IN; j++) {
                ignoringSigma[i * IN + j] = (float) (gx[i][j] / s);
                expected[i * IN + j] = (float) (gx[i][j] / s - inner / (s * s) * u[i] * v[j]);
            }
        }
        assertArrayEquals(expected, actual, 1e-3f);
        assertTrue(maxDifference(ignoringSigma, actual) > 1e-2, "sigma's gradient is missing");
    }

    @Test
    void inferenceForwardsLeaveThePowerIterationVectorAlone(NDManager manager) {
        SpectralNorm block = linear(manager, 1);
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(4, IN));
        float before = block.getSigmaEstimate();
        float[] first = forward(block, new NDList(x)).singletonOrThrow().toFloatArray();
        float[] second = forward(block, new NDList(x)).singletonOrThrow().toFloatArray();
        assertEquals(before, block.getSigmaEstimate());
        assertArrayEquals(first, second);

        trainingForward(block, x);
        assertNotEquals(before, block.getSigmaEstimate());
    }

    @Test
    void twoTrainingForwardsMayPrecedeOneBackward(NDManager manager) {
        // A discriminator step scores real and fake batches, then back-propagates once.
        SpectralNorm block = linear(manager, 1);
        NDArray real = manager.randomUniform(-1f, 1f, new Shape(4, IN));
        NDArray fake = manager.randomUniform(-1f, 1f, new Shape(4, IN));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray loss =
                    trainingForward(block, real).sum().sub(trainingForward(block, fake).sum());
            collector.backward(loss);
        }
        assertTrue(weight(block).getGradient().abs().sum().getFloat() > 0f);
    }

    @Test
    void powerIterationVectorIsNotAParameterAndSurvivesFreezing(NDManager manager) {
        SpectralNorm block = linear(manager, 1);
        assertEquals(1, block.getParameters().size());
        assertTrue(block.getParameters().keys().get(0).endsWith("wrapped_weight"));
        block.freezeParameters(true);
        block.freezeParameters(false);
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(4, IN));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(trainingForward(block, x).sum());
            collector.backward(trainingForward(block, x).sum());
        }
        assertTrue(weight(block).getGradient().abs().sum().getFloat() > 0f);
    }

    @Test
    void savedBlockLoadsWithItsPowerIterationVector(NDManager manager) throws Exception {
        SpectralNorm block = linear(manager, 1);
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(4, IN));
        trainingForward(block, x);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(bytes));

        SpectralNorm copy =
                SpectralNorm.wrap(Linear.builder().setUnits(OUT).optBias(false).build());
        copy.loadParameters(
                manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals(block.getSigmaEstimate(), copy.getSigmaEstimate());
        assertArrayEquals(
                forward(block, new NDList(x)).singletonOrThrow().toFloatArray(),
                forward(copy, new NDList(x)).singletonOrThrow().toFloatArray());
    }

    @Test
    void adamFitsAFixedTargetThroughTheWrappedParameters(NDManager manager) {
        NDArray x = manager.randomUniform(-1f, 1f, new Shape(8, IN));
        NDArray target = x.get(":, 0:3").mul(0.5f);
        BlockChecks.assertTrainsToFitTarget(
                SpectralNorm.wrap(Linear.builder().setUnits(3).build()),
                new NDList(x),
                target,
                100);
    }

    @Test
    void builderAcceptsOnlyLinearAndConvolutionLayers() {
        assertThrows(IllegalArgumentException.class, () -> SpectralNorm.builder().build());
        Block relu = Activation.reluBlock();
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> SpectralNorm.wrap(relu));
        assertTrue(error.getMessage().contains("Linear"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SpectralNorm.builder()
                                .setBlock(Linear.builder().setUnits(2).build())
                                .optPowerIterations(0)
                                .build());
        assertEquals(
                Activation.reluBlock().getClass(), SpectralNorm.wrapIf(false, relu).getClass());
    }

    private static SpectralNorm linear(NDManager manager, int iterations) {
        Engine.getInstance().setRandomSeed(11);
        SpectralNorm block =
                SpectralNorm.builder()
                        .setBlock(Linear.builder().setUnits(OUT).optBias(false).build())
                        .optPowerIterations(iterations)
                        .build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
        return block;
    }

    private static NDArray trainingForward(Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), true)
                .singletonOrThrow();
    }

    private static NDArray weight(SpectralNorm block) {
        return BlockChecks.parameter(block, "wrapped_weight");
    }

    private static float[][] matrix(float[] values, int rows, int columns) {
        float[][] matrix = new float[rows][columns];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values, i * columns, matrix[i], 0, columns);
        }
        return matrix;
    }

    private static double topSingularValue(float[][] matrix) {
        return powerIteration(matrix, new double[matrix.length], new double[matrix[0].length]);
    }

    /** Plain power iteration on A^T A in doubles; fills the top singular vectors u and v. */
    private static double powerIteration(float[][] a, double[] u, double[] v) {
        java.util.Arrays.fill(v, 1.0);
        double sigma = 0;
        for (int step = 0; step < 2000; step++) {
            for (int i = 0; i < u.length; i++) {
                u[i] = 0;
                for (int j = 0; j < v.length; j++) {
                    u[i] += a[i][j] * v[j];
                }
            }
            sigma = normalise(u);
            for (int j = 0; j < v.length; j++) {
                v[j] = 0;
                for (int i = 0; i < u.length; i++) {
                    v[j] += a[i][j] * u[i];
                }
            }
            sigma = normalise(v);
        }
        return sigma;
    }

    private static double normalise(double[] vector) {
        double norm = 0;
        for (double value : vector) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= norm;
        }
        return norm;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
