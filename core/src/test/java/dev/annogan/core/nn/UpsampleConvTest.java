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
import ai.djl.nn.convolutional.Conv2d;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A resize-convolution is a 3x3 same-padded convolution of the nearest-upsampled input. */
@ExtendWith(NDManagerExtension.class)
class UpsampleConvTest {

    @Test
    void outputIsTheConvolutionOfTheUpsampledInput(NDManager manager) {
        UpsampleConv block = UpsampleConv.builder().setFilters(5).build();
        NDArray input = manager.randomUniform(-1f, 1f, new Shape(2, 4, 8, 8));
        block.initialize(manager, DataType.FLOAT32, input.getShape());

        NDArray output = forward(block, new NDList(input)).singletonOrThrow();

        NDArray weight = BlockChecks.parameter(block, "conv_weight");
        NDArray bias = BlockChecks.parameter(block, "conv_bias");
        NDArray expected =
                Conv2d.conv2d(
                                NearestUpsample.upsample(input, 2),
                                weight,
                                bias,
                                new Shape(1, 1),
                                new Shape(1, 1))
                        .singletonOrThrow();
        assertEquals(new Shape(2, 5, 16, 16), output.getShape());
        assertArrayEquals(expected.toFloatArray(), output.toFloatArray(), 1e-6f);
    }

    @Test
    void declaredShapesMatchTheForwardForAnyScale(NDManager manager) {
        UpsampleConv block = UpsampleConv.builder().setFilters(3).optScale(4).build();
        NDArray input = manager.ones(new Shape(2, 2, 3, 5));
        block.initialize(manager, DataType.FLOAT32, input.getShape());
        assertEquals(4, block.getScale());
        assertEquals(3, block.getFilters());
        assertArrayEquals(
                new Shape[] {new Shape(2, 3, 12, 20)},
                block.getOutputShapes(new Shape[] {input.getShape()}));
        BlockChecks.assertDeclaredShapesMatchForward(block, new NDList(input));
    }

    @Test
    void adamFitsAFixedTargetThroughEveryParameter(NDManager manager) {
        NDArray input = manager.randomUniform(-1f, 1f, new Shape(2, 3, 4, 4));
        // Reachable: a kernel with a single 1 at its centre copies channels 0 and 1.
        NDArray target = NearestUpsample.upsample(input.get(":, 0:2"), 2);
        BlockChecks.assertTrainsToFitTarget(
                UpsampleConv.builder().setFilters(2).build(), new NDList(input), target, 100);
    }

    @Test
    void builderRequiresFiltersAndAPositiveScale() {
        assertThrows(IllegalArgumentException.class, () -> UpsampleConv.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> UpsampleConv.builder().setFilters(4).optScale(0).build());
    }
}
