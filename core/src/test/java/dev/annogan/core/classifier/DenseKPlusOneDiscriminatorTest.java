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
import ai.djl.training.ParameterStore;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.nn.GradientFlow;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dense K+1 discriminator: shapes, features, training noise and its data-dependent start. */
@ExtendWith(NDManagerExtension.class)
class DenseKPlusOneDiscriminatorTest {

    private static DenseKPlusOneDiscriminator.Builder small() {
        return DenseKPlusOneDiscriminator.builder()
                .setNumClasses(10)
                .setInputShape(1, 28, 28)
                .optHiddenSizes(32, 16, 8);
    }

    @Test
    void fashionMnistImagesGiveClassLogitsThenTheLastHiddenLayer(NDManager manager) {
        DenseKPlusOneDiscriminator d = small().build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(3));
        d.initialize(manager, DataType.FLOAT32, images.getShape());

        NDList out = forward(d, new NDList(images));

        assertEquals(new Shape(3, 10), out.get(0).getShape());
        assertEquals(8, d.getFeatureSize());
        assertEquals(new Shape(3, 8), out.get(1).getShape());
        // ReLU features
        assertTrue(out.get(1).min().getFloat() >= 0f);
        BlockChecks.assertDeclaredShapesMatchForward(d, new NDList(images));
        // 784*32 + 32*16 + 16*8 + 8*10 weights, plus a scale and a bias per unit
        long units = 32 + 16 + 8 + 10;
        assertEquals(
                784 * 32 + 32 * 16 + 16 * 8 + 8 * 10 + 2 * units, BlockChecks.parameterCount(d));
    }

    @Test
    void defaultsAreSalimansEtAlsMnistWidthsWithWeightNorm() {
        DenseKPlusOneDiscriminator d =
                DenseKPlusOneDiscriminator.builder()
                        .setNumClasses(10)
                        .setInputShape(1, 28, 28)
                        .build();
        assertArrayEquals(new int[] {1000, 500, 250, 250, 250}, d.getHiddenSizes());
        assertEquals(250, d.getFeatureSize());
        assertTrue(d.isWeightNorm());
    }

    @Test
    void noiseActsInTrainingForwardsOnlyAndSparesTheReturnedFeatures(NDManager manager) {
        DenseKPlusOneDiscriminator d = small().optInputNoise(0.6f).optHiddenNoise(0.5f).build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(4));
        d.initialize(manager, DataType.FLOAT32, images.getShape());
        ParameterStore store = new ParameterStore(manager, false);

        float[] inference = d.forward(store, new NDList(images), false).head().toFloatArray();
        float[] again = d.forward(store, new NDList(images), false).head().toFloatArray();
        NDList training = d.forward(store, new NDList(images), true);

        assertArrayEquals(inference, again);
        assertFalse(Arrays.equals(inference, training.head().toFloatArray()));
        // Clean features: the classifier applied to them without noise gives different logits
        // from the noisy training forward, and they are a ReLU's output.
        assertTrue(training.get(1).min().getFloat() >= 0f);
    }

    @Test
    void dataDependentStartWhitensEveryLayerOnTheGivenImages(NDManager manager) {
        DenseKPlusOneDiscriminator d = small().build();
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(200));
        d.initialize(manager, DataType.FLOAT32, d.getInputShape(1));
        ParameterStore store = new ParameterStore(manager, false);

        d.initializeFromData(store, images);
        NDArray logits = forward(d, new NDList(images)).head();

        NDArray mean = logits.mean(new int[] {0});
        NDArray variance = logits.sub(mean).square().mean(new int[] {0});
        assertArrayEquals(new float[10], mean.toFloatArray(), 1e-4f);
        float[] ones = new float[10];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, variance.toFloatArray(), 1e-2f);
    }

    @Test
    void withoutWeightNormTheLayersArePlainLinearOnes(NDManager manager) {
        DenseKPlusOneDiscriminator d = small().optWeightNorm(false).build();
        d.initialize(manager, DataType.FLOAT32, d.getInputShape(2));
        assertEquals(
                784 * 32 + 32 * 16 + 16 * 8 + 8 * 10 + 32 + 16 + 8 + 10,
                BlockChecks.parameterCount(d));
        // the start from data leaves a plain network unchanged
        NDArray images = manager.randomUniform(-1f, 1f, d.getInputShape(2));
        float[] before = forward(d, new NDList(images)).head().toFloatArray();
        d.initializeFromData(new ParameterStore(manager, false), images);
        assertArrayEquals(before, forward(d, new NDList(images)).head().toFloatArray());
    }

    @Test
    void everyParameterGetsAGradient(NDManager manager) {
        DenseKPlusOneDiscriminator d = small().optInputNoise(0.3f).optHiddenNoise(0.5f).build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, d, new NDList(manager.randomUniform(-1f, 1f, d.getInputShape(4))));
    }

    @Test
    void builderRejectsMissingValuesEmptyLayersAndNegativeNoise() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DenseKPlusOneDiscriminator.builder().setInputShape(1, 28, 28).build());
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> small().optHiddenSizes().build());
        assertTrue(error.getMessage().contains("at least one hidden layer"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().optHiddenSizes(8, 0).build());
        assertThrows(IllegalArgumentException.class, () -> small().optInputNoise(-0.1f).build());
    }

    @Test
    void imagesOfAnotherShapeAreRejected(NDManager manager) {
        DenseKPlusOneDiscriminator d = small().build();
        d.initialize(manager, DataType.FLOAT32, d.getInputShape(2));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> forward(d, new NDList(manager.zeros(new Shape(2, 1, 32, 32)))));
        assertTrue(
                error.getMessage()
                        .startsWith(
                                "DenseKPlusOneDiscriminator expects one input of shape (N, 1, 28, 28)"),
                error.getMessage());
    }
}
