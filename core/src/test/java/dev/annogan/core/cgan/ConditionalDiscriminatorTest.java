package dev.annogan.core.cgan;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameter;
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
import dev.annogan.core.cgan.ConditionalDiscriminator.Mode;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.nn.GradientFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ACGAN mode gives a real/fake logit and class logits; projection mode one conditional logit. */
@ExtendWith(NDManagerExtension.class)
class ConditionalDiscriminatorTest {

    private static ConditionalDiscriminator.Builder builder(int c, int h, int w, Mode mode) {
        return ConditionalDiscriminator.builder()
                .setNumClasses(10)
                .setInputShape(c, h, w)
                .optWidth(4)
                .optMode(mode);
    }

    @Test
    void acganModeScoresFashionMnistAndRgbImages(NDManager manager) {
        for (int[] shape : new int[][] {{1, 28, 28}, {3, 32, 32}}) {
            ConditionalDiscriminator d = builder(shape[0], shape[1], shape[2], Mode.ACGAN).build();
            NDList images = new NDList(manager.randomUniform(-1f, 1f, d.getImageShape(3)));
            d.initialize(manager, DataType.FLOAT32, images.getShapes());

            NDList out = forward(d, images);

            assertEquals(2, out.size());
            assertEquals(new Shape(3, 1), out.get(0).getShape());
            assertEquals(new Shape(3, 10), out.get(1).getShape());
            BlockChecks.assertDeclaredShapesMatchForward(d, images);
        }
    }

    @Test
    void projectionModeScoresImageAndClassPairs(NDManager manager) {
        for (int[] shape : new int[][] {{1, 28, 28}, {3, 32, 32}}) {
            ConditionalDiscriminator d =
                    builder(shape[0], shape[1], shape[2], Mode.PROJECTION).build();
            NDList inputs =
                    new NDList(
                            manager.randomUniform(-1f, 1f, d.getImageShape(3)),
                            manager.create(new int[] {0, 9, 4}));
            d.initialize(manager, DataType.FLOAT32, inputs.getShapes());

            NDList out = forward(d, inputs);

            assertEquals(1, out.size());
            assertEquals(new Shape(3, 1), out.head().getShape());
            BlockChecks.assertDeclaredShapesMatchForward(d, inputs);
        }
    }

    @Test
    void defaultDepthIsTwoFor28AndThreeFor32(NDManager manager) {
        // width 4: 28 -> 14 -> 7 with 8 channels; 32 -> 16 -> 8 -> 4 with 16 channels
        assertEquals(
                8 * 7 * 7, builder(1, 28, 28, Mode.ACGAN).build().getEncoder().getFeatureSize());
        assertEquals(
                16 * 4 * 4, builder(3, 32, 32, Mode.ACGAN).build().getEncoder().getFeatureSize());
    }

    @Test
    void projectionLogitIsPsiOfFeaturesPlusClassEmbeddingDotFeatures(NDManager manager) {
        ConditionalDiscriminator d = builder(1, 8, 8, Mode.PROJECTION).optDepth(2).build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getImageShape(2));
        NDList inputs = new NDList(images, manager.create(new int[] {0, 3}));
        d.initialize(manager, DataType.FLOAT32, inputs.getShapes());
        int features = Math.toIntExact(d.getEncoder().getFeatureSize());
        // psi(phi) = sum(phi) + 0.5; embed(k) = k * (1, ..., 1)
        parameter(d, "realFake_weight").set(ones(features));
        parameter(d, "realFake_bias").set(new float[] {0.5f});
        float[] table = new float[features * 10];
        for (int f = 0; f < features; f++) {
            for (int k = 0; k < 10; k++) {
                table[f * 10 + k] = k;
            }
        }
        parameter(d, "table_weight").set(table);

        float[] logits = forward(d, inputs).singletonOrThrow().toFloatArray();

        float[] phiSums =
                forward(d.getEncoder(), new NDList(images))
                        .singletonOrThrow()
                        .sum(new int[] {1})
                        .toFloatArray();
        // class 0: psi only; class 3: psi + 3 * sum(phi)
        float[] expected = {phiSums[0] + 0.5f, 4 * phiSums[1] + 0.5f};
        assertArrayEquals(expected, logits, 1e-4f);
    }

    private static float[] ones(int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        return ones;
    }

    @Test
    void everyParameterGetsAGradientInAcganModeWithSpectralNorm(NDManager manager) {
        ConditionalDiscriminator d = builder(1, 28, 28, Mode.ACGAN).optSpectralNorm(true).build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, d, new NDList(manager.randomUniform(-1f, 1f, d.getImageShape(4))));
    }

    @Test
    void everyParameterGetsAGradientInProjectionModeWithSpectralNorm(NDManager manager) {
        ConditionalDiscriminator d =
                builder(3, 32, 32, Mode.PROJECTION).optSpectralNorm(true).build();
        NDList inputs =
                new NDList(
                        manager.randomUniform(-1f, 1f, d.getImageShape(4)),
                        manager.create(new int[] {0, 1, 2, 3}));
        GradientFlow.assertEveryParameterGetsAGradient(manager, d, inputs);
    }

    @Test
    void eachModeNamesTheInputsItExpects() {
        ConditionalDiscriminator acgan = builder(1, 28, 28, Mode.ACGAN).build();
        ConditionalDiscriminator projection = builder(1, 28, 28, Mode.PROJECTION).build();
        Shape images = new Shape(2, 1, 28, 28);
        IllegalArgumentException missingIds =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> projection.getOutputShapes(new Shape[] {images}));
        assertTrue(missingIds.getMessage().contains("class ids (N)"), missingIds.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> acgan.getOutputShapes(new Shape[] {images, new Shape(2)}));
        assertThrows(IllegalArgumentException.class, () -> builder(1, 27, 28, Mode.ACGAN).build());
    }
}
