package dev.annogan.core.classifier;

import static dev.annogan.core.nn.BlockChecks.forward;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.nn.GradientFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generator upsamples a projected noise map to the requested image shape. */
@ExtendWith(NDManagerExtension.class)
class DcganGeneratorTest {

    private static NDArray generate(NDManager manager, DcganGenerator generator, int batch) {
        NDArray noise = generator.sampleNoise(manager, batch);
        generator.initialize(manager, DataType.FLOAT32, noise.getShape());
        BlockChecks.assertDeclaredShapesMatchForward(generator, new NDList(noise));
        return forward(generator, new NDList(noise)).singletonOrThrow();
    }

    @Test
    void fashionMnistImagesStartFromSevenBySevenWithTwoUpsamplings(NDManager manager) {
        DcganGenerator generator =
                DcganGenerator.builder().setOutputShape(1, 28, 28).optWidth(4).build();
        assertEquals(2, generator.getDepth());
        assertEquals(7, generator.getStartHeight());
        assertEquals(7, generator.getStartWidth());
        // 16 channels at 7x7, then 8 at 14x14 and 4 at 28x28
        assertEquals(16, generator.getStartChannels());
        assertEquals(4, generator.getChannelsAfter(2));
        assertEquals(new Shape(3, 1, 28, 28), generate(manager, generator, 3).getShape());
    }

    @Test
    void rgbImagesOf32And64StartFromFourByFour(NDManager manager) {
        DcganGenerator small =
                DcganGenerator.builder().setOutputShape(3, 32, 32).optWidth(4).build();
        DcganGenerator large =
                DcganGenerator.builder()
                        .setOutputShape(3, 64, 64)
                        .optWidth(4)
                        .optNoiseDim(8)
                        .build();
        assertEquals(3, small.getDepth());
        assertEquals(4, large.getDepth());
        assertEquals(4, large.getStartHeight());
        assertEquals(new Shape(2, 3, 32, 32), generate(manager, small, 2).getShape());
        assertEquals(new Shape(2, 3, 64, 64), generate(manager, large, 2).getShape());
    }

    @Test
    void pixelsLieInTheTanhRange(NDManager manager) {
        DcganGenerator generator =
                DcganGenerator.builder().setOutputShape(1, 8, 12).optWidth(2).build();
        NDArray images = generate(manager, generator, 4);
        assertEquals(new Shape(4, 1, 8, 12), images.getShape());
        assertTrue(images.abs().max().getFloat() <= 1f);
        assertTrue(images.abs().sum().getFloat() > 0f);
    }

    @Test
    void explicitDepthMustDivideTheOutputSize() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DcganGenerator.builder()
                                        .setOutputShape(1, 28, 28)
                                        .optDepth(3)
                                        .build());
        assertTrue(error.getMessage().contains("2^depth = 8"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DcganGenerator.builder().setOutputShape(1, 27, 27).build());
        assertThrows(IllegalArgumentException.class, () -> DcganGenerator.builder().build());
    }

    @Test
    void noiseOfAnotherWidthIsRejected() {
        DcganGenerator generator =
                DcganGenerator.builder().setOutputShape(1, 28, 28).optNoiseDim(10).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> generator.getOutputShapes(new Shape[] {new Shape(2, 100)}));
        assertTrue(error.getMessage().contains("(N, 10)"), error.getMessage());
    }

    @Test
    void everyParameterGetsAGradientWithBatchNorm(NDManager manager) {
        DcganGenerator generator =
                DcganGenerator.builder().setOutputShape(1, 28, 28).optWidth(4).build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, generator, new NDList(generator.sampleNoise(manager, 4)));
    }

    @Test
    void everyParameterGetsAGradientWithoutBatchNorm(NDManager manager) {
        DcganGenerator generator =
                DcganGenerator.builder()
                        .setOutputShape(3, 16, 16)
                        .optWidth(4)
                        .optBatchNorm(false)
                        .build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, generator, new NDList(generator.sampleNoise(manager, 4)));
    }
}
