package dev.annogan.core.classifier;

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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.nn.GradientFlow;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The K+1 discriminator gives class logits and features, and logsumexp is its real logit. */
@ExtendWith(NDManagerExtension.class)
class KPlusOneDiscriminatorTest {

    @Test
    void realLogitIsTheLogSumExpOfTheClassLogits(NDManager manager) {
        float ln3 = (float) Math.log(3);
        NDArray logits = manager.create(new float[] {0f, ln3, 1f, 1f}, new Shape(2, 2));

        NDArray real = KPlusOneDiscriminator.realLogit(logits);

        // ln(1 + 3) = ln 4; ln(e + e) = 1 + ln 2
        assertEquals(new Shape(2, 1), real.getShape());
        assertArrayEquals(
                new float[] {(float) Math.log(4), 1f + (float) Math.log(2)},
                real.toFloatArray(),
                1e-6f);
        // sigmoid(logsumexp) = Z / (Z + 1): with Z = 4, the image is real with probability 0.8
        assertEquals(0.8f, sigmoid(real.getFloat(0, 0)), 1e-6f);
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Test
    void realLogitStaysFiniteForLargeLogits(NDManager manager) {
        NDArray logits =
                manager.create(
                        new float[] {1000f, 1000f, -1000f, 0f, 1000f, -1000f}, new Shape(2, 3));

        float[] real = KPlusOneDiscriminator.realLogit(logits).toFloatArray();

        assertArrayEquals(new float[] {1000f + (float) Math.log(2), 1000f}, real, 1e-3f);
    }

    @Test
    void realLogitGradientIsTheSoftmax(NDManager manager) {
        NDArray logits =
                manager.create(new float[] {0f, (float) Math.log(3), 500f, 500f}, new Shape(2, 2));
        logits.setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(KPlusOneDiscriminator.realLogit(logits).sum());
        }
        assertArrayEquals(
                new float[] {0.25f, 0.75f, 0.5f, 0.5f}, logits.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void fashionMnistImagesGiveClassLogitsThenFeatures(NDManager manager) {
        KPlusOneDiscriminator d =
                KPlusOneDiscriminator.builder()
                        .setNumClasses(10)
                        .setInputShape(1, 28, 28)
                        .optWidth(4)
                        .build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(3));
        d.initialize(manager, DataType.FLOAT32, images.getShape());

        NDList out = forward(d, new NDList(images));

        assertEquals(2, out.size());
        assertEquals(new Shape(3, 10), out.get(0).getShape());
        assertEquals(16, d.getFeatureSize());
        assertEquals(new Shape(3, 16), out.get(1).getShape());
        BlockChecks.assertDeclaredShapesMatchForward(d, new NDList(images));
    }

    @Test
    void rgbImagesOf32GiveClassLogitsThenFeaturesOfTheChosenSize(NDManager manager) {
        KPlusOneDiscriminator d =
                KPlusOneDiscriminator.builder()
                        .setNumClasses(5)
                        .setInputShape(3, 32, 32)
                        .optWidth(4)
                        .optFeatureSize(12)
                        .build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(2));
        d.initialize(manager, DataType.FLOAT32, images.getShape());

        NDList out = forward(d, new NDList(images));

        assertEquals(new Shape(2, 5), out.get(0).getShape());
        assertEquals(new Shape(2, 12), out.get(1).getShape());
        BlockChecks.assertDeclaredShapesMatchForward(d, new NDList(images));
    }

    @Test
    void noiseAndDropoutActInTrainingForwardsOnly(NDManager manager) {
        KPlusOneDiscriminator d =
                KPlusOneDiscriminator.builder()
                        .setNumClasses(3)
                        .setInputShape(1, 8, 8)
                        .optWidth(2)
                        .optGaussianNoise(0.5f)
                        .optDropout(0.5f)
                        .build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(2));
        d.initialize(manager, DataType.FLOAT32, images.getShape());
        ParameterStore store = new ParameterStore(manager, false);

        float[] inference = d.forward(store, new NDList(images), false).head().toFloatArray();
        float[] again = d.forward(store, new NDList(images), false).head().toFloatArray();
        float[] training;
        // A training forward runs inside a collector, as in training; MXNet refuses one outside.
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            training = d.forward(store, new NDList(images), true).head().toFloatArray();
        }

        assertArrayEquals(inference, again);
        assertFalse(Arrays.equals(inference, training));
    }

    @Test
    void everyParameterGetsAGradient(NDManager manager) {
        KPlusOneDiscriminator d =
                KPlusOneDiscriminator.builder()
                        .setNumClasses(10)
                        .setInputShape(1, 28, 28)
                        .optWidth(4)
                        .build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, d, new NDList(manager.randomUniform(-1f, 1f, d.getInputShape(4))));
    }

    @Test
    void everyParameterGetsAGradientWithSpectralNormNoiseAndDropout(NDManager manager) {
        KPlusOneDiscriminator d =
                KPlusOneDiscriminator.builder()
                        .setNumClasses(4)
                        .setInputShape(3, 16, 16)
                        .optWidth(4)
                        .optSpectralNorm(true)
                        .optGaussianNoise(0.1f)
                        .optDropout(0.2f)
                        .build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, d, new NDList(manager.randomUniform(-1f, 1f, d.getInputShape(4))));
    }

    @Test
    void builderRejectsSizesNotDivisibleByFourAndMissingValues() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                KPlusOneDiscriminator.builder()
                                        .setNumClasses(10)
                                        .setInputShape(1, 30, 28)
                                        .build());
        assertTrue(error.getMessage().contains("divisible by 4"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> KPlusOneDiscriminator.builder().setInputShape(1, 28, 28).build());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        KPlusOneDiscriminator.builder()
                                .setNumClasses(10)
                                .setInputShape(1, 28, 28)
                                .optDropout(1f)
                                .build());
    }

    @Test
    void inputNoiseDefaultsToTheHiddenNoiseAndEveryValueSetIsChecked() {
        KPlusOneDiscriminator.Builder builder =
                KPlusOneDiscriminator.builder()
                        .setNumClasses(10)
                        .setInputShape(1, 28, 28)
                        .optGaussianNoise(0.5f);
        assertEquals(0.5f, builder.build().getInputNoise());
        assertEquals(0f, builder.optInputNoise(0f).build().getInputNoise());
        assertEquals(0.3f, builder.optInputNoise(0.3f).build().getInputNoise());
        // -1 was once the "unset" marker and passed silently as the hidden layers' noise.
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> builder.optInputNoise(-1f).build());
        assertTrue(error.getMessage().contains("input noise"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.optInputNoise(Float.NaN));
    }
}
