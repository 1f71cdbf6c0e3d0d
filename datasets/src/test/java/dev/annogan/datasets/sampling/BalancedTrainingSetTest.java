package dev.annogan.datasets.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which source records one epoch of a balanced training set visits. */
class BalancedTrainingSetTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Returns the source record behind every index of the set (the source's data is its index). */
    private List<Integer> records(BalancedTrainingSet set) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (long i = 0; i < set.size(); i++) {
            out.add((int) set.get(manager, i).getData().head().getFloat());
        }
        return out;
    }

    private BalancedTrainingSet set(List<Long> labelled, List<Long> unlabelled, boolean with) {
        float[] ids = new float[10];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        ArrayDataset source =
                new ArrayDataset.Builder()
                        .setData(manager.create(ids))
                        .setSampling(1, false)
                        .build();
        return BalancedTrainingSet.builder()
                .setSource(source, labelled, unlabelled)
                .optUnlabelled(with)
                .setSampling(2, false)
                .build();
    }

    @Test
    void fewLabelsAreCycledToMatchTheUnlabelledHalf() throws Exception {
        BalancedTrainingSet set = set(List.of(2L, 7L), List.of(0L, 1L, 3L, 4L, 5L), true);
        assertEquals(5, set.half());
        assertEquals(List.of(2, 7, 2, 7, 2, 0, 1, 3, 4, 5), records(set));
    }

    @Test
    void theBaselineKeepsTheLabelledHalfAlone() throws Exception {
        BalancedTrainingSet set = set(List.of(2L, 7L), List.of(0L, 1L, 3L, 4L, 5L), false);
        assertEquals(List.of(2, 7, 2, 7, 2), records(set));
    }

    @Test
    void withEveryLabelTheEpochIsTheLabelledRecordsOnce() throws Exception {
        BalancedTrainingSet set = set(List.of(0L, 1L, 2L), List.of(), true);
        assertEquals(List.of(0, 1, 2), records(set));
    }

    @Test
    void fewUnlabelledImagesAreCycledToo() throws Exception {
        BalancedTrainingSet set = set(List.of(0L, 1L, 2L), List.of(9L), true);
        assertEquals(List.of(0, 1, 2, 9, 9, 9), records(set));
    }

    @Test
    void noLabelledRecordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> set(List.of(), List.of(1L), true));
    }
}
