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
import dev.annogan.core.cgan.ClassEmbedding.Conditioning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Class ids become one-hot vectors or the matching column of a learned table. */
@ExtendWith(NDManagerExtension.class)
class ClassEmbeddingTest {

    private static final float[] TWO_THEN_ZERO = {0, 0, 1, 1, 0, 0};

    @Test
    void idsOfEveryNumericTypeBecomeOneHotRows(NDManager manager) {
        assertArrayEquals(
                TWO_THEN_ZERO,
                ClassEmbedding.oneHot(manager.create(new int[] {2, 0}), 3).toFloatArray());
        assertArrayEquals(
                TWO_THEN_ZERO,
                ClassEmbedding.oneHot(manager.create(new long[] {2, 0}), 3).toFloatArray());
        NDArray oneHot = ClassEmbedding.oneHot(manager.create(new float[] {2f, 0f}), 3);
        assertEquals(new Shape(2, 3), oneHot.getShape());
        assertArrayEquals(TWO_THEN_ZERO, oneHot.toFloatArray());
    }

    @Test
    void idsOutOfRangeOrNotWholeAreRejectedByRow(NDManager manager) {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassEmbedding.oneHot(manager.create(new int[] {1, 3}), 3));
        assertTrue(error.getMessage().contains("3.0 at row 1"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassEmbedding.oneHot(manager.create(new float[] {0.5f}), 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassEmbedding.oneHot(manager.create(new int[] {-1}), 3));
    }

    @Test
    void oneHotConditioningPassesTheOneHotVectorsThrough(NDManager manager) {
        ClassEmbedding embedding =
                ClassEmbedding.builder()
                        .setNumClasses(3)
                        .optConditioning(Conditioning.ONE_HOT)
                        .optEmbeddingDim(99)
                        .build();
        embedding.initialize(manager, DataType.FLOAT32, new Shape(2));
        assertEquals(3, embedding.getEmbeddingDim());
        assertTrue(embedding.getParameters().isEmpty());
        NDArray out =
                forward(embedding, new NDList(manager.create(new int[] {2, 0}))).singletonOrThrow();
        assertArrayEquals(TWO_THEN_ZERO, out.toFloatArray());
    }

    @Test
    void learnedEmbeddingPicksTheClassColumnOfItsTable(NDManager manager) {
        ClassEmbedding embedding =
                ClassEmbedding.builder().setNumClasses(3).optEmbeddingDim(2).build();
        embedding.initialize(manager, DataType.FLOAT32, new Shape(2));
        // A Linear weight has shape (units, inputs): column k is class k's vector.
        parameter(embedding, "table_weight").set(new float[] {1, 2, 3, 10, 20, 30});
        NDArray out =
                forward(embedding, new NDList(manager.create(new int[] {2, 0}))).singletonOrThrow();
        assertEquals(new Shape(2, 2), out.getShape());
        assertArrayEquals(new float[] {3, 30, 1, 10}, out.toFloatArray());
    }
}
