package dev.annogan.core.classifier;

import static dev.annogan.core.nn.BlockChecks.forward;
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
import dev.annogan.core.nn.GradientFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dense generator maps noise to images in the tanh range, and every weight learns. */
@ExtendWith(NDManagerExtension.class)
class DenseGeneratorTest {

    @Test
    void noiseBecomesFashionMnistShapedImagesInTheTanhRange(NDManager manager) {
        DenseGenerator generator =
                DenseGenerator.builder().setOutputShape(1, 28, 28).optHiddenSizes(16, 8).build();
        NDArray noise = manager.randomNormal(generator.getNoiseShape(5));
        generator.initialize(manager, DataType.FLOAT32, noise.getShape());

        NDArray images = forward(generator, new NDList(noise)).singletonOrThrow();

        assertEquals(new Shape(5, 1, 28, 28), images.getShape());
        assertTrue(images.abs().max().getFloat() <= 1f);
        assertTrue(images.abs().sum().getFloat() > 0f);
        BlockChecks.assertDeclaredShapesMatchForward(generator, new NDList(noise));
        // 100*16 and 16*8 without biases, gamma and beta for 24 units, 8*784 direction, a scale
        // and a bias per pixel
        assertEquals(
                100 * 16 + 16 * 8 + 2 * 24 + 8 * 784 + 2 * 784,
                BlockChecks.parameterCount(generator));
    }

    @Test
    void defaultsAreSalimansEtAlsMnistGenerator() {
        DenseGenerator generator = DenseGenerator.builder().setOutputShape(3, 8, 8).build();
        assertEquals(100, generator.getNoiseDim());
        assertArrayEquals(new int[] {500, 500}, generator.getHiddenSizes());
        assertEquals(new Shape(2, 3, 8, 8), generator.getImageShape(2));
    }

    @Test
    void everyParameterGetsAGradient(NDManager manager) {
        DenseGenerator generator =
                DenseGenerator.builder()
                        .setOutputShape(1, 6, 6)
                        .optNoiseDim(4)
                        .optHiddenSizes(8)
                        .build();
        GradientFlow.assertEveryParameterGetsAGradient(
                manager, generator, new NDList(manager.randomNormal(generator.getNoiseShape(6))));
    }

    @Test
    void fitsATargetImageBatch(NDManager manager) {
        DenseGenerator generator =
                DenseGenerator.builder()
                        .setOutputShape(1, 4, 4)
                        .optNoiseDim(3)
                        .optHiddenSizes(16)
                        .build();
        NDArray noise = manager.randomNormal(generator.getNoiseShape(8));
        NDArray target = manager.randomUniform(-0.8f, 0.8f, generator.getImageShape(8));
        BlockChecks.assertTrainsToFitTarget(generator, new NDList(noise), target, 60);
    }

    @Test
    void builderAndForwardRejectWrongShapes(NDManager manager) {
        assertThrows(IllegalArgumentException.class, () -> DenseGenerator.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> DenseGenerator.builder().setOutputShape(1, 4, 4).optHiddenSizes().build());
        DenseGenerator generator = DenseGenerator.builder().setOutputShape(1, 4, 4).build();
        generator.initialize(manager, DataType.FLOAT32, generator.getNoiseShape(2));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> forward(generator, new NDList(manager.zeros(new Shape(2, 64)))));
        assertEquals(
                "DenseGenerator expects one noise input of shape (N, 100); got [(2, 64)]",
                error.getMessage());
    }
}
