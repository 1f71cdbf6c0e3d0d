package dev.annogan.core.nn;

import static dev.annogan.core.nn.BlockChecks.forward;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The phase decomposition computes the transposed convolution of its definition: every input pixel
 * {@code (i, j)} adds {@code x[c, i, j] * w[c, f, kr, kc]} to output pixel {@code (2i + kr - 1, 2j
 * + kc - 1)}.
 */
@ExtendWith(NDManagerExtension.class)
class TransposedConv2dTest {

    private static final int N = 2;
    private static final int C = 3;
    private static final int F = 2;
    private static final int H = 5;
    private static final int W = 4;

    /** The definition of ConvTranspose2d(kernel 4, stride 2, padding 1), as loops. */
    private static float[] definition(float[] x, float[] w, float[] bias) {
        return definition(x, w, bias, F);
    }

    /** The definition with {@code filters} output channels. */
    private static float[] definition(float[] x, float[] w, float[] bias, int filters) {
        float[] y = new float[N * filters * 2 * H * 2 * W];
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < filters; f++) {
                for (int p = 0; p < 4 * H * W; p++) {
                    y[(n * filters + f) * 4 * H * W + p] = bias[f];
                }
                for (int c = 0; c < C; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            for (int kr = 0; kr < 4; kr++) {
                                for (int kc = 0; kc < 4; kc++) {
                                    int row = 2 * i + kr - 1;
                                    int col = 2 * j + kc - 1;
                                    if (row < 0 || row >= 2 * H || col < 0 || col >= 2 * W) {
                                        continue;
                                    }
                                    y[((n * filters + f) * 2 * H + row) * 2 * W + col] +=
                                            x[((n * C + c) * H + i) * W + j]
                                                    * w[((c * filters + f) * 4 + kr) * 4 + kc];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static TransposedConv2d withWeights(NDManager manager, NDArray w, NDArray bias) {
        int filters = Math.toIntExact(bias.size());
        TransposedConv2d block = TransposedConv2d.builder().setFilters(filters).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(N, C, H, W));
        BlockChecks.parameter(block, "phases_weight")
                .set(TransposedConv2d.phaseWeight(w).toFloatArray());
        BlockChecks.parameter(block, "bias").set(bias.toFloatArray());
        return block;
    }

    @Test
    void outputIsTheTransposedConvolutionOfItsDefinition(NDManager manager) {
        NDArray x = manager.randomNormal(new Shape(N, C, H, W));
        NDArray w = manager.randomNormal(new Shape(C, F, 4, 4));
        NDArray bias = manager.randomNormal(new Shape(F));
        TransposedConv2d block = withWeights(manager, w, bias);

        NDArray y = forward(block, new NDList(x)).singletonOrThrow();

        assertEquals(new Shape(N, F, 2 * H, 2 * W), y.getShape());
        float[] expected = definition(x.toFloatArray(), w.toFloatArray(), bias.toFloatArray());
        assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
        BlockChecks.assertDeclaredShapesMatchForward(block, new NDList(x));
    }

    @Test
    void inputGradientIsTheConvolutionThatTheTransposeUndoes(NDManager manager) {
        // For y = T(x) linear in x, d<g, y>/dx = T*(g): check it on the basis of one-hot inputs,
        // where <g, T(e_k)> must equal the gradient's k-th entry.
        NDArray w = manager.randomNormal(new Shape(C, F, 4, 4));
        NDArray zero = manager.zeros(new Shape(F));
        TransposedConv2d block = withWeights(manager, w, zero);
        NDArray g = manager.randomNormal(new Shape(N, F, 2 * H, 2 * W));
        NDArray x = manager.randomNormal(new Shape(N, C, H, W));
        x.setRequiresGradient(true);
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray y = block.forward(store, new NDList(x), true).singletonOrThrow();
            collector.backward(y.mul(g).sum());
        }
        float[] gradient = x.getGradient().toFloatArray();
        float[] weights = w.toFloatArray();
        float[] upstream = g.toFloatArray();
        float[] zeros = new float[F];
        for (int k = 0; k < gradient.length; k += 7) {
            float[] basis = new float[N * C * H * W];
            basis[k] = 1f;
            float[] response = definition(basis, weights, zeros);
            double dot = 0;
            for (int p = 0; p < response.length; p++) {
                dot += response[p] * upstream[p];
            }
            assertEquals(dot, gradient[k], 1e-4, "input entry " + k);
        }
    }

    @Test
    void eightFiltersRecordAndBackpropagate(NDManager manager) {
        // 4 * 8 = 32 phase channels: the case where slicing channel groups of the convolution's
        // output crashed MXNet's MKL-DNN build while autograd recorded.
        int filters = 8;
        NDArray w = manager.randomNormal(new Shape(C, filters, 4, 4));
        NDArray bias = manager.randomNormal(new Shape(filters));
        TransposedConv2d block = withWeights(manager, w, bias);
        NDArray x = manager.randomNormal(new Shape(N, C, H, W));
        x.setRequiresGradient(true);
        NDArray g = manager.randomNormal(new Shape(N, filters, 2 * H, 2 * W));
        ParameterStore store = new ParameterStore(manager, false);
        float[] output;
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray y = block.forward(store, new NDList(x), true).singletonOrThrow();
            output = y.toFloatArray();
            collector.backward(y.mul(g).sum());
        }
        float[] weights = w.toFloatArray();
        assertArrayEquals(
                definition(x.toFloatArray(), weights, bias.toFloatArray(), filters), output, 1e-4f);
        float[] gradient = x.getGradient().toFloatArray();
        float[] upstream = g.toFloatArray();
        float[] zeros = new float[filters];
        for (int k = 0; k < gradient.length; k += 5) {
            float[] basis = new float[N * C * H * W];
            basis[k] = 1f;
            float[] response = definition(basis, weights, zeros, filters);
            double dot = 0;
            for (int p = 0; p < response.length; p++) {
                dot += response[p] * upstream[p];
            }
            assertEquals(dot, gradient[k], 1e-3, "input entry " + k);
        }
    }

    @Test
    void adamFitsAFixedTargetThroughEveryParameter(NDManager manager) {
        NDArray input = manager.randomUniform(-1f, 1f, new Shape(2, 3, 4, 4));
        NDArray target = manager.randomUniform(-0.5f, 0.5f, new Shape(2, 2, 8, 8));
        BlockChecks.assertTrainsToFitTarget(
                TransposedConv2d.builder().setFilters(2).build(), new NDList(input), target, 60);
    }

    @Test
    void badWeightsAndFiltersAreRejected(NDManager manager) {
        assertThrows(IllegalArgumentException.class, () -> TransposedConv2d.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TransposedConv2d.phaseWeight(manager.zeros(new Shape(2, 2, 3, 3))));
    }
}
