package dev.annogan.core.labelgan;

import static dev.annogan.core.labelgan.LabelSetGeneratorTest.forward;
import static dev.annogan.core.labelgan.LabelSetGeneratorTest.parameterCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The discriminator maps (batch, K) label vectors to one logit per row. */
@ExtendWith(NDManagerExtension.class)
class LabelSetDiscriminatorTest {

    private static final int BATCH = 64;
    private static final int LABELS = 80;

    @Test
    void outputIsOneLogitPerRow(NDManager manager) {
        LabelSetDiscriminator discriminator =
                LabelSetDiscriminator.builder().setNumLabels(LABELS).build();
        discriminator.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LABELS));
        NDArray labels = manager.randomUniform(0f, 1f, new Shape(BATCH, LABELS));

        NDArray logits = forward(discriminator, labels);

        assertEquals(new Shape(BATCH, 1), logits.getShape());
        // Each row's logit depends on that row alone: scoring row 5 by itself gives the same.
        float alone = forward(discriminator, labels.get("5:6")).getFloat(0, 0);
        assertEquals(logits.getFloat(5, 0), alone, 1e-5f);
    }

    @Test
    void outputShapesAreDeclaredWithoutRunning() {
        LabelSetDiscriminator discriminator =
                LabelSetDiscriminator.builder().setNumLabels(LABELS).build();
        assertArrayEquals(
                new Shape[] {new Shape(BATCH, 1)},
                discriminator.getOutputShapes(new Shape[] {new Shape(BATCH, LABELS)}));
    }

    @Test
    void parameterCountMatchesTheLayerSizes(NDManager manager) {
        LabelSetDiscriminator discriminator =
                LabelSetDiscriminator.builder().setNumLabels(LABELS).build();
        discriminator.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LABELS));
        // weights + biases: 80*256 + 256 = 20736, 256*128 + 128 = 32896, 128*1 + 1 = 129
        assertEquals(20736 + 32896 + 129, parameterCount(discriminator));
        assertEquals(53761, parameterCount(discriminator));
    }

    @Test
    void negativeSlopeIsAppliedBetweenLayers(NDManager manager) {
        // One hidden unit with weight 1 and bias 0 feeding an output with weight 1 and bias 0
        // computes leakyRelu(x): slope 0.5 turns -2 into -1 and leaves 3 alone.
        LabelSetDiscriminator discriminator =
                LabelSetDiscriminator.builder()
                        .setNumLabels(1)
                        .optHiddenSizes(1)
                        .optNegativeSlope(0.5f)
                        .build();
        discriminator.setInitializer(
                (arrays, shape, dataType) ->
                        arrays.ones(shape, dataType).mul(shape.dimension() == 1 ? 0 : 1),
                parameter -> true);
        discriminator.initialize(manager, DataType.FLOAT32, new Shape(2, 1));
        NDArray logits = forward(discriminator, manager.create(new float[][] {{-2f}, {3f}}));
        assertArrayEquals(new float[] {-1f, 3f}, logits.toFloatArray(), 1e-6f);
        assertEquals(0.5f, discriminator.getNegativeSlope());
    }

    @Test
    void minibatchAveragingFeedsEachVectorWithItsBatchMean(NDManager manager) {
        // No hidden layer and all weights 1, bias 0: the logit is the sum of the vector plus the
        // sum of the batch mean. Rows {1, 0} and {1, 1}: mean {1, 0.5}, so logits 1 + 1.5 and 2 +
        // 1.5.
        LabelSetDiscriminator discriminator =
                LabelSetDiscriminator.builder()
                        .setNumLabels(2)
                        .optHiddenSizes()
                        .optMinibatchAveraging(true)
                        .build();
        discriminator.setInitializer(
                (arrays, shape, dataType) ->
                        arrays.ones(shape, dataType).mul(shape.dimension() == 1 ? 0 : 1),
                parameter -> true);
        discriminator.initialize(manager, DataType.FLOAT32, new Shape(2, 2));
        NDArray logits = forward(discriminator, manager.create(new float[][] {{1, 0}, {1, 1}}));
        assertArrayEquals(new float[] {2.5f, 3.5f}, logits.toFloatArray(), 1e-6f);
        // 2K inputs to the first layer: 2K * 256 + 256, then as without averaging.
        LabelSetDiscriminator wide =
                LabelSetDiscriminator.builder()
                        .setNumLabels(LABELS)
                        .optMinibatchAveraging(true)
                        .build();
        wide.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LABELS));
        assertEquals(2 * LABELS * 256 + 256 + 32896 + 129, parameterCount(wide));
        assertArrayEquals(
                new Shape[] {new Shape(BATCH, 1)},
                wide.getOutputShapes(new Shape[] {new Shape(BATCH, LABELS)}));
        assertTrue(wide.isMinibatchAveraging());
    }

    @Test
    void labelVectorsOfTheWrongWidthAreRejected(NDManager manager) {
        LabelSetDiscriminator discriminator =
                LabelSetDiscriminator.builder().setNumLabels(LABELS).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> forward(discriminator, manager.zeros(new Shape(BATCH, 79))));
        assertTrue(error.getMessage().contains("LabelSetDiscriminator"), error.getMessage());
        assertTrue(error.getMessage().contains("80"), error.getMessage());
    }

    @Test
    void builderRejectsMissingLabelsAndBadSlope() {
        assertThrows(IllegalArgumentException.class, () -> LabelSetDiscriminator.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        LabelSetDiscriminator.builder()
                                .setNumLabels(80)
                                .optNegativeSlope(1f)
                                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> LabelSetDiscriminator.builder().setNumLabels(80).optHiddenSizes(0).build());
    }
}
