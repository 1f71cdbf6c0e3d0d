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
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Nearest upsampling copies every pixel into a scale x scale square, and passes gradients. */
@ExtendWith(NDManagerExtension.class)
class NearestUpsampleTest {

    @Test
    void everyOutputPixelIsTheInputPixelAtHalfItsCoordinates(NDManager manager) {
        int n = 2;
        int c = 2;
        int h = 2;
        int w = 3;
        int scale = 3;
        NDArray input = manager.arange(n * c * h * w).toType(DataType.FLOAT32, false);
        input = input.reshape(n, c, h, w);
        NearestUpsample upsample = NearestUpsample.builder().optScale(scale).build();
        upsample.initialize(manager, DataType.FLOAT32, input.getShape());

        NDArray output = forward(upsample, new NDList(input)).singletonOrThrow();

        assertEquals(new Shape(n, c, h * scale, w * scale), output.getShape());
        float[] in = input.toFloatArray();
        float[] expected = new float[n * c * h * scale * w * scale];
        int k = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h * scale; i++) {
                    for (int j = 0; j < w * scale; j++) {
                        expected[k++] = in[((b * c + ch) * h + i / scale) * w + j / scale];
                    }
                }
            }
        }
        assertArrayEquals(expected, output.toFloatArray());
    }

    @Test
    void defaultScaleDoublesHeightAndWidth() {
        NearestUpsample upsample = NearestUpsample.builder().build();
        assertEquals(2, upsample.getScale());
        assertArrayEquals(
                new Shape[] {new Shape(2, 3, 16, 10)},
                upsample.getOutputShapes(new Shape[] {new Shape(2, 3, 8, 5)}));
    }

    @Test
    void gradientOfEachInputPixelIsTheSumOverItsCopies(NDManager manager) {
        NDArray input = manager.randomUniform(-1f, 1f, new Shape(2, 3, 4, 4));
        input.setRequiresGradient(true);
        NearestUpsample upsample = NearestUpsample.builder().build();
        upsample.initialize(manager, DataType.FLOAT32, input.getShape());
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray output =
                    upsample.forward(new ParameterStore(manager, false), new NDList(input), true)
                            .singletonOrThrow();
            collector.backward(output.sum());
        }
        NDArray gradient = input.getGradient();
        assertEquals(input.getShape(), gradient.getShape());
        float[] fours = new float[2 * 3 * 4 * 4];
        Arrays.fill(fours, 4f);
        assertArrayEquals(fours, gradient.toFloatArray());
    }

    @Test
    void nonImageInputsAndScalesBelowOneAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NearestUpsample.builder().optScale(0).build());
        NearestUpsample upsample = NearestUpsample.builder().build();
        assertThrows(
                IllegalArgumentException.class,
                () -> upsample.getOutputShapes(new Shape[] {new Shape(2, 3, 8)}));
    }
}
