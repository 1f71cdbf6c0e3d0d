package dev.annogan.core.nn;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The encoder halves H and W depth times, doubling channels, then flattens. */
@ExtendWith(NDManagerExtension.class)
class ImageEncoderTest {

    @Test
    void squareImagesBecomeFeatureVectorsOfTheDeclaredSize(NDManager manager) {
        ImageEncoder encoder = ImageEncoder.builder().setInputSize(32).optWidth(8).build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 32, 32));
        encoder.initialize(manager, DataType.FLOAT32, images.getShape());

        NDArray features = forward(encoder, new NDList(images)).singletonOrThrow();

        // 8 -> 16 -> 32 channels at 16, 8, 4 pixels: 32 * 4 * 4
        assertEquals(512, encoder.getFeatureSize());
        assertEquals(new Shape(2, 512), features.getShape());
        BlockChecks.assertDeclaredShapesMatchForward(encoder, new NDList(images));
    }

    @Test
    void nonSquareGreyImagesAreSupported(NDManager manager) {
        ImageEncoder encoder =
                ImageEncoder.builder()
                        .setInputSize(16, 8)
                        .optInputChannels(1)
                        .optWidth(4)
                        .optDepth(2)
                        .build();
        encoder.initialize(manager, DataType.FLOAT32, encoder.getInputShape(2));
        // 4 -> 8 channels at 4 x 2 pixels
        assertEquals(8 * 4 * 2, encoder.getFeatureSize());
        NDArray images = manager.zeros(new Shape(2, 1, 16, 8));
        assertEquals(new Shape(2, 64), forward(encoder, new NDList(images)).head().getShape());
        // weights 4x1x4x4 + 4 and 8x4x4x4 + 8
        assertEquals(64 + 4 + 512 + 8, parameterCount(encoder));
    }

    @Test
    void spectralNormKeepsTheParametersAndWrapsEveryConvolution(NDManager manager) {
        ImageEncoder plain = ImageEncoder.builder().setInputSize(16).optWidth(4).build();
        ImageEncoder normalised =
                ImageEncoder.builder().setInputSize(16).optWidth(4).optSpectralNorm(true).build();
        plain.initialize(manager, DataType.FLOAT32, plain.getInputShape(1));
        normalised.initialize(manager, DataType.FLOAT32, normalised.getInputShape(1));
        assertEquals(parameterCount(plain), parameterCount(normalised));
        long wrapped =
                normalised.getParameters().keys().stream()
                        .filter(name -> name.contains("wrapped_weight"))
                        .count();
        assertEquals(3, wrapped);
    }

    @Test
    void globalPoolingAveragesEachChannelOverThePicture(NDManager manager) {
        ImageEncoder pooled =
                ImageEncoder.builder()
                        .setInputSize(16)
                        .optWidth(4)
                        .optDepth(2)
                        .optGlobalPooling(true)
                        .build();
        ImageEncoder flat = ImageEncoder.builder().setInputSize(16).optWidth(4).optDepth(2).build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(3, 3, 16, 16));
        pooled.initialize(manager, DataType.FLOAT32, images.getShape());
        flat.initialize(manager, DataType.FLOAT32, images.getShape());
        // The same weights in both: pooling adds no parameter, so the names match.
        flat.getParameters()
                .forEach(
                        p ->
                                p.getValue()
                                        .getArray()
                                        .set(
                                                pooled.getParameters()
                                                        .get(p.getKey())
                                                        .getArray()
                                                        .toFloatArray()));

        // 8 channels at 4 x 4: pooled gives the 8 channel means of the flat 8 * 16 features.
        assertEquals(8, pooled.getFeatureSize());
        float[] averaged = forward(pooled, new NDList(images)).singletonOrThrow().toFloatArray();
        float[] maps = forward(flat, new NDList(images)).singletonOrThrow().toFloatArray();
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < 8; c++) {
                double sum = 0;
                for (int p = 0; p < 16; p++) {
                    sum += maps[n * 128 + c * 16 + p];
                }
                assertEquals(sum / 16, averaged[n * 8 + c], 1e-5);
            }
        }
        BlockChecks.assertDeclaredShapesMatchForward(pooled, new NDList(images));
    }

    @Test
    void batchNormFollowsEveryConvolutionButTheFirst(NDManager manager) {
        ImageEncoder encoder =
                ImageEncoder.builder()
                        .setInputSize(16)
                        .optWidth(4)
                        .optDepth(3)
                        .optBatchNorm(true)
                        .build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(4, 3, 16, 16));
        NDArray target = manager.full(new Shape(4, 16 * 2 * 2), 0.5f);
        BlockChecks.assertTrainsToFitTarget(encoder, new NDList(images), target, 60);
        // convs 4x3x4x4 + 4, 8x4x4x4 + 8, 16x8x4x4 + 16; gamma and beta for 8 and 16 channels
        assertEquals(196 + 520 + 2064 + 2 * 8 + 2 * 16, parameterCount(encoder));
    }

    @Test
    void inputSizeNotDivisibleByTwoToTheDepthIsRejectedAtBuild() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImageEncoder.builder().setInputSize(30, 32).build());
        assertTrue(error.getMessage().contains("2^depth = 8"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageEncoder.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageEncoder.builder().setInputSize(32).optWidth(0).build());
    }

    @Test
    void imagesOfAnotherSizeAreRejectedWithTheExpectedShape(NDManager manager) {
        ImageEncoder encoder = ImageEncoder.builder().setInputSize(32).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> encoder.getOutputShapes(new Shape[] {new Shape(2, 3, 64, 64)}));
        assertTrue(error.getMessage().contains("(N, 3, 32, 32)"), error.getMessage());
    }

    @Test
    void adamFitsAFixedTargetThroughEveryParameterWithSpectralNorm(NDManager manager) {
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 16, 16));
        ImageEncoder encoder =
                ImageEncoder.builder()
                        .setInputSize(16)
                        .optWidth(4)
                        .optDepth(2)
                        .optSpectralNorm(true)
                        .build();
        NDArray target = manager.full(new Shape(2, 8 * 4 * 4), 0.5f);
        BlockChecks.assertTrainsToFitTarget(encoder, new NDList(images), target, 60);
    }

    @Test
    void stackKeepsFeatureMapsSpatial(NDManager manager) {
        StridedConvStack stack =
                StridedConvStack.builder().optInputChannels(2).optWidth(4).optDepth(2).build();
        NDArray input = manager.randomUniform(-1f, 1f, new Shape(2, 2, 8, 12));
        stack.initialize(manager, DataType.FLOAT32, input.getShape());
        assertEquals(8, stack.getOutputChannels());
        assertEquals(4, stack.getDownsampling());
        assertEquals(
                new Shape(2, 8, 2, 3),
                forward(stack, new NDList(input)).singletonOrThrow().getShape());
        BlockChecks.assertDeclaredShapesMatchForward(stack, new NDList(input));
        assertThrows(
                IllegalArgumentException.class,
                () -> stack.getOutputShapes(new Shape[] {new Shape(2, 2, 6, 8)}));
    }
}
