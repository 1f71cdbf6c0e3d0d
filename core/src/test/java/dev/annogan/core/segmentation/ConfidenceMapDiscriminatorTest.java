package dev.annogan.core.segmentation;

import static dev.annogan.core.nn.BlockChecks.forward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The confidence-map discriminator gives one logit per pixel of a class-probability map. */
@ExtendWith(NDManagerExtension.class)
class ConfidenceMapDiscriminatorTest {

    private static final Shape IMAGES = new Shape(2, 3, 32, 32);
    private static final Shape PROBABILITIES = new Shape(2, 4, 32, 32);

    @Test
    void outputIsOneLogitPerPixelConstantOnUpsampledBlocks(NDManager manager) {
        ConfidenceMapDiscriminator discriminator =
                ConfidenceMapDiscriminator.builder().setNumClasses(4).optWidth(8).build();
        discriminator.initialize(manager, DataType.FLOAT32, PROBABILITIES);
        NDArray p = manager.randomUniform(0f, 1f, PROBABILITIES);

        NDArray confidence = forward(discriminator, new NDList(p)).singletonOrThrow();

        assertEquals(new Shape(2, 1, 32, 32), confidence.getShape());
        BlockChecks.assertDeclaredShapesMatchForward(discriminator, new NDList(p));
        // Depth 3: each 8x8 block shares the logit of one patch; neighbouring blocks differ.
        NDArray block = confidence.get("0, 0, 8:16, 8:16");
        assertEquals(0f, block.sub(block.getFloat(0, 0)).abs().max().getFloat());
        assertTrue(confidence.getFloat(0, 0, 8, 8) != confidence.getFloat(0, 0, 8, 16));
    }

    @Test
    void imageIsIgnoredUnlessAskedFor(NDManager manager) {
        ConfidenceMapDiscriminator discriminator =
                ConfidenceMapDiscriminator.builder().setNumClasses(4).optWidth(4).build();
        discriminator.initialize(manager, DataType.FLOAT32, IMAGES, PROBABILITIES);
        NDArray p = manager.randomUniform(0f, 1f, PROBABILITIES);
        NDArray image = manager.randomUniform(-1f, 1f, IMAGES);

        float[] alone = forward(discriminator, new NDList(p)).head().toFloatArray();
        float[] withImage = forward(discriminator, new NDList(image, p)).head().toFloatArray();

        assertFalse(discriminator.isWithImage());
        assertArrayEquals(alone, withImage);
    }

    @Test
    void withImageTheImageMovesTheConfidence(NDManager manager) {
        ConfidenceMapDiscriminator discriminator =
                ConfidenceMapDiscriminator.builder()
                        .setNumClasses(4)
                        .optWidth(4)
                        .optWithImage(true)
                        .build();
        discriminator.initialize(manager, DataType.FLOAT32, IMAGES, PROBABILITIES);
        NDArray p = manager.randomUniform(0f, 1f, PROBABILITIES);

        float[] first =
                forward(discriminator, new NDList(manager.randomUniform(-1f, 1f, IMAGES), p))
                        .head()
                        .toFloatArray();
        float[] second =
                forward(discriminator, new NDList(manager.randomUniform(-1f, 1f, IMAGES), p))
                        .head()
                        .toFloatArray();

        assertFalse(Arrays.equals(first, second));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> discriminator.getOutputShapes(new Shape[] {PROBABILITIES}));
        assertTrue(error.getMessage().contains("image (N, 3, H, W)"), error.getMessage());
    }

    @Test
    void probabilityMapsOfTheWrongClassesOrSizeAreRejected() {
        ConfidenceMapDiscriminator discriminator =
                ConfidenceMapDiscriminator.builder().setNumClasses(4).build();
        assertThrows(
                IllegalArgumentException.class,
                () -> discriminator.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)}));
        assertThrows(
                IllegalArgumentException.class,
                () -> discriminator.getOutputShapes(new Shape[] {new Shape(2, 4, 20, 32)}));
        assertThrows(
                IllegalArgumentException.class, () -> ConfidenceMapDiscriminator.builder().build());
    }

    @Test
    void adamFitsAPerPixelTargetThroughEveryParameter(NDManager manager) {
        NDArray p = manager.randomUniform(0f, 1f, new Shape(2, 2, 16, 16));
        NDArray target = manager.full(new Shape(2, 1, 16, 16), -1f);
        ConfidenceMapDiscriminator discriminator =
                ConfidenceMapDiscriminator.builder()
                        .setNumClasses(2)
                        .optWidth(4)
                        .optDepth(2)
                        .optSpectralNorm(true)
                        .build();
        BlockChecks.assertTrainsToFitTarget(discriminator, new NDList(p), target, 40);
    }
}
