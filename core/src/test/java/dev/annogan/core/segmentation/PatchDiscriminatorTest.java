package dev.annogan.core.segmentation;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PatchGAN discriminator gives one logit per patch of an (image, probabilities) pair. */
@ExtendWith(NDManagerExtension.class)
class PatchDiscriminatorTest {

    private static final Shape IMAGES = new Shape(2, 3, 32, 32);
    private static final Shape PROBABILITIES = new Shape(2, 4, 32, 32);

    @Test
    void outputIsAMapOfPatchLogitsAsDeclared(NDManager manager) {
        PatchDiscriminator discriminator =
                PatchDiscriminator.builder().setNumClasses(4).optWidth(8).build();
        discriminator.initialize(manager, DataType.FLOAT32, IMAGES, PROBABILITIES);
        NDList inputs =
                new NDList(
                        manager.randomUniform(-1f, 1f, IMAGES),
                        manager.randomUniform(0f, 1f, PROBABILITIES));

        assertEquals(new Shape(2, 1, 4, 4), forward(discriminator, inputs).head().getShape());
        assertEquals(8, discriminator.getDownsampling());
        BlockChecks.assertDeclaredShapesMatchForward(discriminator, inputs);
    }

    @Test
    void aPixelChangeMovesOnlyThePatchesThatSeeIt(NDManager manager) {
        // Depth 2: logit i sees pixel rows 4i - 7 to 4i + 10, so rows i >= 2 never see row 0.
        PatchDiscriminator discriminator =
                PatchDiscriminator.builder().setNumClasses(2).optWidth(4).optDepth(2).build();
        Shape images = new Shape(1, 3, 64, 64);
        Shape probabilities = new Shape(1, 2, 64, 64);
        discriminator.initialize(manager, DataType.FLOAT32, images, probabilities);
        NDArray image = manager.randomUniform(-1f, 1f, images);
        NDArray p = manager.randomUniform(0f, 1f, probabilities);
        NDArray before = forward(discriminator, new NDList(image, p)).head();
        NDArray changed = p.duplicate();
        changed.set(new NDIndex("0, 0, 0, 0"), 5f);
        NDArray after = forward(discriminator, new NDList(image, changed)).head();

        assertNotEquals(before.getFloat(0, 0, 0, 0), after.getFloat(0, 0, 0, 0));
        assertEquals(
                0f, before.get(":, :, 2:, :").sub(after.get(":, :, 2:, :")).abs().max().getFloat());
        assertEquals(
                0f, before.get(":, :, :, 2:").sub(after.get(":, :, :, 2:")).abs().max().getFloat());
    }

    @Test
    void spectralNormKeepsTheParametersAndWrapsEveryConvolution(NDManager manager) {
        PatchDiscriminator plain =
                PatchDiscriminator.builder().setNumClasses(4).optWidth(4).build();
        PatchDiscriminator normalised =
                PatchDiscriminator.builder()
                        .setNumClasses(4)
                        .optWidth(4)
                        .optSpectralNorm(true)
                        .build();
        plain.initialize(manager, DataType.FLOAT32, IMAGES, PROBABILITIES);
        normalised.initialize(manager, DataType.FLOAT32, IMAGES, PROBABILITIES);
        assertEquals(parameterCount(plain), parameterCount(normalised));
        assertEquals(
                4,
                normalised.getParameters().keys().stream()
                        .filter(name -> name.endsWith("wrapped_weight"))
                        .count());
    }

    @Test
    void mismatchedProbabilityMapsAreRejectedWithTheExpectedShapes() {
        PatchDiscriminator discriminator = PatchDiscriminator.builder().setNumClasses(4).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                discriminator.getOutputShapes(
                                        new Shape[] {IMAGES, new Shape(2, 4, 16, 16)}));
        assertTrue(error.getMessage().contains("probabilities (N, 4, H, W)"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> discriminator.getOutputShapes(new Shape[] {PROBABILITIES}));
        assertThrows(IllegalArgumentException.class, () -> PatchDiscriminator.builder().build());
    }

    @Test
    void spectrallyNormalisedDiscriminatorTrainsThroughEveryParameter(NDManager manager) {
        Shape images = new Shape(2, 3, 16, 16);
        Shape probabilities = new Shape(2, 2, 16, 16);
        NDList inputs =
                new NDList(
                        manager.randomUniform(-1f, 1f, images),
                        manager.randomUniform(0f, 1f, probabilities));
        NDArray target = manager.ones(new Shape(2, 1, 4, 4));
        PatchDiscriminator discriminator =
                PatchDiscriminator.builder()
                        .setNumClasses(2)
                        .optWidth(4)
                        .optDepth(2)
                        .optSpectralNorm(true)
                        .build();
        BlockChecks.assertTrainsToFitTarget(discriminator, inputs, target, 40);
    }
}
