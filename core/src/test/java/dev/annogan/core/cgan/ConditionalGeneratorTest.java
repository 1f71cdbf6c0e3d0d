package dev.annogan.core.cgan;

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
import dev.annogan.core.cgan.ClassEmbedding.Conditioning;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.nn.GradientFlow;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conditional generator appends a class vector to the noise of a DCGAN body. */
@ExtendWith(NDManagerExtension.class)
class ConditionalGeneratorTest {

    private static NDList inputs(NDManager manager, ConditionalGenerator g, int... ids) {
        return new NDList(g.sampleNoise(manager, ids.length), manager.create(ids));
    }

    @Test
    void fashionMnistShapedImagesComeFromNoiseAndClassIds(NDManager manager) {
        ConditionalGenerator g =
                ConditionalGenerator.builder()
                        .setNumClasses(10)
                        .setOutputShape(1, 28, 28)
                        .optWidth(4)
                        .build();
        NDList inputs = inputs(manager, g, 0, 9, 3);
        g.initialize(manager, DataType.FLOAT32, inputs.getShapes());

        NDArray images = BlockChecks.forward(g, inputs).singletonOrThrow();

        assertEquals(new Shape(3, 1, 28, 28), images.getShape());
        assertEquals(100 + 32, g.getBody().getNoiseDim());
        BlockChecks.assertDeclaredShapesMatchForward(g, inputs);
    }

    @Test
    void oneHotConditioningWidensTheBodysNoiseByK(NDManager manager) {
        ConditionalGenerator g =
                ConditionalGenerator.builder()
                        .setNumClasses(5)
                        .setOutputShape(3, 32, 32)
                        .optConditioning(Conditioning.ONE_HOT)
                        .optNoiseDim(16)
                        .optWidth(4)
                        .build();
        NDList inputs = inputs(manager, g, 4, 0);
        g.initialize(manager, DataType.FLOAT32, inputs.getShapes());

        assertEquals(16 + 5, g.getBody().getNoiseDim());
        assertEquals(
                new Shape(2, 3, 32, 32),
                BlockChecks.forward(g, inputs).singletonOrThrow().getShape());
        BlockChecks.assertDeclaredShapesMatchForward(g, inputs);
    }

    @Test
    void theClassChangesTheImageForTheSameNoise(NDManager manager) {
        ConditionalGenerator g =
                ConditionalGenerator.builder()
                        .setNumClasses(3)
                        .setOutputShape(1, 8, 8)
                        .optNoiseDim(4)
                        .optWidth(2)
                        .build();
        NDArray z = g.sampleNoise(manager, 1);
        NDArray twice = z.concat(z, 0);
        NDList inputs = new NDList(twice, manager.create(new int[] {0, 2}));
        g.initialize(manager, DataType.FLOAT32, inputs.getShapes());

        NDArray images = BlockChecks.forward(g, inputs).singletonOrThrow();

        float[] first = images.get(0).toFloatArray();
        float[] second = images.get(1).toFloatArray();
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void sampledClassIdsLieInRange(NDManager manager) {
        ConditionalGenerator g =
                ConditionalGenerator.builder().setNumClasses(4).setOutputShape(1, 8, 8).build();
        int[] ids = g.sampleClassIds(manager, 200).toIntArray();
        assertEquals(200, ids.length);
        assertTrue(Arrays.stream(ids).allMatch(id -> id >= 0 && id < 4));
        assertEquals(4, Arrays.stream(ids).distinct().count());
    }

    @Test
    void idsForAnotherBatchSizeAreRejected() {
        ConditionalGenerator g =
                ConditionalGenerator.builder()
                        .setNumClasses(4)
                        .setOutputShape(1, 8, 8)
                        .optNoiseDim(4)
                        .build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> g.getOutputShapes(new Shape[] {new Shape(2, 4), new Shape(3)}));
        assertTrue(error.getMessage().contains("class ids (N)"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ConditionalGenerator.builder().setOutputShape(1, 8, 8).build());
    }

    @Test
    void everyParameterGetsAGradientIncludingTheEmbedding(NDManager manager) {
        ConditionalGenerator g =
                ConditionalGenerator.builder()
                        .setNumClasses(10)
                        .setOutputShape(1, 28, 28)
                        .optNoiseDim(8)
                        .optWidth(4)
                        .build();
        GradientFlow.assertEveryParameterGetsAGradient(manager, g, inputs(manager, g, 1, 7, 7, 2));
        assertTrue(g.getParameters().keys().stream().anyMatch(k -> k.endsWith("table_weight")));
    }
}
