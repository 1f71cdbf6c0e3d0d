package dev.annogan.core.nn;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several 3x3 convolutions a level, then max pooling: the shapes and weights a VGG stage has. */
@ExtendWith(NDManagerExtension.class)
class VggStackTest {

    @Test
    void eachLevelKeepsItsResolutionThroughItsConvolutionsThenHalvesIt(NDManager manager) {
        VggStack stack = VggStack.builder().optWidth(4).optDepth(2).optBatchNorm(false).build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 16, 16));
        stack.initialize(manager, DataType.FLOAT32, images.getShape());

        assertEquals(new Shape(2, 8, 4, 4), forward(stack, new NDList(images)).head().getShape());
        BlockChecks.assertDeclaredShapesMatchForward(stack, new NDList(images));
        // level 1: 3x3 convolutions 3 -> 4 and 4 -> 4; level 2: 4 -> 8 and 8 -> 8 (weights + bias)
        long expected = (4 * 3 * 9 + 4) + (4 * 4 * 9 + 4) + (8 * 4 * 9 + 8) + (8 * 8 * 9 + 8);
        assertEquals(expected, parameterCount(stack));
        assertEquals(8, stack.getOutputChannels());
        assertEquals(4, stack.getDownsampling());
    }

    @Test
    void maxPoolingKeepsTheStrongestResponseOfEachSquare(NDManager manager) {
        // One 1x1-like level: a single 3x3 convolution whose only weight is the centre, so the
        // level passes ReLU(x) through and pooling must return the largest of each 2x2 square.
        VggStack stack =
                VggStack.builder()
                        .optInputChannels(1)
                        .optWidth(1)
                        .optDepth(1)
                        .optConvsPerLevel(1)
                        .optBatchNorm(false)
                        .build();
        NDArray image =
                manager.create(new float[] {1, 2, -5, 0, 3, 4, 7, -1, 0, 0, 0, 0, -2, 9, 0, 6})
                        .reshape(1, 1, 4, 4);
        stack.initialize(manager, DataType.FLOAT32, image.getShape());
        NDArray weight = BlockChecks.parameter(stack, "weight");
        float[] centre = new float[9];
        centre[4] = 1f;
        weight.set(manager.create(centre).reshape(1, 1, 3, 3).toFloatArray());
        BlockChecks.parameter(stack, "bias").set(new float[] {0f});

        NDArray pooled = forward(stack, new NDList(image)).head();

        assertEquals(new Shape(1, 1, 2, 2), pooled.getShape());
        assertArrayEquals(new float[] {4, 7, 9, 6}, pooled.toFloatArray());
    }

    @Test
    void itLearnsAndEveryWeightGetsAGradient(NDManager manager) {
        VggStack stack = VggStack.builder().optWidth(4).optDepth(2).build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(4, 3, 8, 8));
        NDArray target = manager.randomUniform(0f, 1f, new Shape(4, 8, 2, 2));
        BlockChecks.assertTrainsToFitTarget(stack, new NDList(images), target, 60);
    }

    @Test
    void anEncoderTakesItAsItsTrunkAndPoolsItsLastMaps(NDManager manager) {
        ImageEncoder encoder =
                ImageEncoder.builder()
                        .setInputSize(16)
                        .optWidth(4)
                        .optDepth(2)
                        .optBatchNorm(true)
                        .optGlobalPooling(true)
                        .optConvsPerLevel(2)
                        .build();
        VggStack trunk = assertInstanceOf(VggStack.class, encoder.getConvolutions());
        assertEquals(2, trunk.getConvsPerLevel());
        assertTrue(trunk.isBatchNorm());
        encoder.initialize(manager, DataType.FLOAT32, encoder.getInputShape(3));
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(3, 3, 16, 16));
        assertEquals(8, encoder.getFeatureSize());
        assertEquals(new Shape(3, 8), forward(encoder, new NDList(images)).head().getShape());
        assertInstanceOf(
                StridedConvStack.class,
                ImageEncoder.builder().setInputSize(16).build().getConvolutions(),
                "strided by default");
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        IllegalArgumentException noConvs =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> VggStack.builder().optConvsPerLevel(0).build());
        assertTrue(noConvs.getMessage().contains("must be positive"), noConvs.getMessage());
        IllegalArgumentException spectral =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ImageEncoder.builder()
                                        .setInputSize(16)
                                        .optSpectralNorm(true)
                                        .optConvsPerLevel(2)
                                        .build());
        assertTrue(spectral.getMessage().contains("drop optSpectralNorm"), spectral.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageEncoder.builder().setInputSize(16).optConvsPerLevel(-1).build());
    }
}
