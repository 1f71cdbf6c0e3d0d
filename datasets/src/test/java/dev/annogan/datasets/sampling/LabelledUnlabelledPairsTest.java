package dev.annogan.datasets.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Pairs of a cycled labelled record and an unlabelled one, batched as two blocks of rows. */
class LabelledUnlabelledPairsTest {

    /** Six records of shape (1, 1, 1) whose single pixel is their index; classes 10 + index. */
    private static ArrayDataset source(NDManager manager) {
        return new ArrayDataset.Builder()
                .setData(manager.arange(6f).reshape(new Shape(6, 1, 1, 1)))
                .optLabels(manager.arange(10f, 16f))
                .setSampling(1, false)
                .build();
    }

    @Test
    void aBatchIsTheLabelledBlockThenTheUnlabelledBlock() throws IOException, TranslateException {
        try (NDManager manager = NDManager.newBaseManager()) {
            LabelledUnlabelledPairs pairs =
                    LabelledUnlabelledPairs.builder()
                            .setRecords(source(manager), new long[] {0, 1}, new long[] {2, 3, 4, 5})
                            .setSampling(3, false)
                            .build();
            assertEquals(4, pairs.size(), "one epoch is one pass over the unlabelled records");
            Batch first = pairs.getData(manager).iterator().next();
            // Records 0..2: labelled 0, 1, 0 (cycled) with unlabelled 2, 3, 4.
            assertEquals(new Shape(6, 1, 1, 1), first.getData().head().getShape());
            assertArrayEquals(
                    new float[] {0, 1, 0, 2, 3, 4}, first.getData().head().toFloatArray());
            assertArrayEquals(
                    new float[] {10, 11, 10, -1, -1, -1}, first.getLabels().head().toFloatArray());
            NDList[] records = LabelledUnlabelledPairs.BATCHIFIER.unbatchify(first.getData());
            assertEquals(3, records.length);
            assertArrayEquals(new float[] {1}, records[1].get(0).toFloatArray());
            assertArrayEquals(new float[] {3}, records[1].get(1).toFloatArray());
        }
    }

    @Test
    void pairingNeedsBothKindsOfRecord() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset source = source(manager);
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            LabelledUnlabelledPairs.builder()
                                    .setRecords(source, new long[0], new long[] {1})
                                    .setSampling(1, false)
                                    .build());
        }
    }
}
