package dev.annogan.core.tagging;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pair discriminator scores (image, labels) with one logit, by concatenation or projection. */
@ExtendWith(NDManagerExtension.class)
class PairDiscriminatorTest {

    private static final int LABELS = 5;
    private static final Shape IMAGES = new Shape(2, 3, 32, 32);
    private static final Shape LABEL_SHAPE = new Shape(2, LABELS);

    @Test
    void outputIsOneLogitPerPairAsDeclared(NDManager manager) {
        PairDiscriminator discriminator = small().build();
        discriminator.initialize(manager, DataType.FLOAT32, IMAGES, LABEL_SHAPE);
        NDList inputs =
                new NDList(
                        manager.randomUniform(-1f, 1f, IMAGES),
                        manager.randomUniform(0f, 1f, LABEL_SHAPE));

        assertEquals(new Shape(2, 1), forward(discriminator, inputs).singletonOrThrow().getShape());
        BlockChecks.assertDeclaredShapesMatchForward(discriminator, inputs);
    }

    @Test
    void projectionLogitIsAffineInTheLabels(NDManager manager) {
        PairDiscriminator discriminator = small().optProjection(true).build();
        discriminator.initialize(manager, DataType.FLOAT32, IMAGES, LABEL_SHAPE);
        NDArray images = manager.randomUniform(-1f, 1f, IMAGES);
        NDArray a = manager.randomUniform(0f, 1f, LABEL_SHAPE);
        NDArray b = manager.randomUniform(0f, 1f, LABEL_SHAPE);

        // logit(x, y) = psi(phi(x)) + <embed(y), phi(x)> with embed linear and bias-free
        NDArray sum = score(discriminator, images, a.add(b));
        NDArray expected =
                score(discriminator, images, a)
                        .add(score(discriminator, images, b))
                        .sub(score(discriminator, images, manager.zeros(LABEL_SHAPE)));
        assertArrayEquals(expected.toFloatArray(), sum.toFloatArray(), 1e-4f);
    }

    @Test
    void projectionEmbedsLabelsIntoTheHiddenWidthWithoutBias(NDManager manager) {
        PairDiscriminator concat = small().build();
        PairDiscriminator projection = small().optProjection(true).build();
        concat.initialize(manager, DataType.FLOAT32, IMAGES, LABEL_SHAPE);
        projection.initialize(manager, DataType.FLOAT32, IMAGES, LABEL_SHAPE);
        assertEquals(
                new Shape(12, LABELS),
                BlockChecks.parameter(projection, "embedding_weight").getShape());
        assertTrue(
                projection.getParameters().keys().stream()
                        .noneMatch(name -> name.contains("embedding_bias")));
        // Concatenation's first layer has K*hidden more weights; projection's embedding as many.
        assertEquals(parameterCount(concat), parameterCount(projection));
        assertTrue(projection.isProjection());
    }

    @Test
    void labelsOfTheWrongWidthAreRejectedWithTheExpectedShape(NDManager manager) {
        PairDiscriminator discriminator = small().build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> discriminator.getOutputShapes(new Shape[] {IMAGES, new Shape(2, 4)}));
        assertTrue(error.getMessage().contains("labels (N, 5)"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> discriminator.getOutputShapes(new Shape[] {IMAGES}));
        assertThrows(IllegalArgumentException.class, () -> small().setNumLabels(0).build());
        assertThrows(IllegalArgumentException.class, () -> small().optHidden(0).build());
    }

    @Test
    void spectrallyNormalisedProjectionTrainsThroughEveryParameter(NDManager manager) {
        NDList inputs =
                new NDList(
                        manager.randomUniform(-1f, 1f, IMAGES),
                        manager.randomUniform(0f, 1f, LABEL_SHAPE));
        NDArray target = manager.create(new float[] {1f, -1f}, new Shape(2, 1));
        BlockChecks.assertTrainsToFitTarget(
                small().optProjection(true).optSpectralNorm(true).build(), inputs, target, 40);
    }

    @Test
    void concatenatingDiscriminatorTrainsThroughEveryParameter(NDManager manager) {
        NDList inputs =
                new NDList(
                        manager.randomUniform(-1f, 1f, IMAGES),
                        manager.randomUniform(0f, 1f, LABEL_SHAPE));
        NDArray target = manager.create(new float[] {1f, -1f}, new Shape(2, 1));
        BlockChecks.assertTrainsToFitTarget(small().build(), inputs, target, 40);
    }

    private static NDArray score(PairDiscriminator discriminator, NDArray images, NDArray labels) {
        return forward(discriminator, new NDList(images, labels)).singletonOrThrow();
    }

    private static PairDiscriminator.Builder small() {
        return PairDiscriminator.builder()
                .setNumLabels(LABELS)
                .setInputSize(32)
                .optWidth(8)
                .optHidden(12);
    }
}
