package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Average precision against values worked out by hand with scikit-learn's definition {@code AP =
 * Σ_n (R_n − R_{n−1}) P_n} over distinct thresholds, highest first.
 */
@ExtendWith(NDManagerExtension.class)
class MultiLabelAveragePrecisionTest {

    private static final double TOLERANCE = 1e-7;

    // Two batches of three categories. Category 0 over both batches is scikit-learn's doc example;
    // category 1 ranks its one positive first once the -1 entry is ignored (AP 1); category 2 has
    // no positive and is left out of the mean.
    private static final float[][] SCORES_1 = {{0.1f, 0.9f, 0.3f}, {0.4f, 0.2f, 0.6f}};
    private static final float[][] TARGETS_1 = {{0, 1, 0}, {0, 0, 0}};
    private static final float[][] SCORES_2 = {{0.35f, 0.5f, 0.2f}, {0.8f, 0.1f, 0.7f}};
    private static final float[][] TARGETS_2 = {{1, -1, 0}, {1, 0, 0}};

    @Test
    void scikitLearnDocumentationExample() {
        // 0.8 (+): P 1, R .5 -> .5; 0.4 (-); 0.35 (+): P 2/3, R 1 -> .5 * 2/3. Sum 5/6.
        double ap =
                MultiLabelAveragePrecision.averagePrecision(
                        new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new int[] {0, 0, 1, 1});
        assertEquals(5.0 / 6, ap, TOLERANCE);
    }

    @Test
    void tiedScoresEnterTogether() {
        // 0.8: {+, -, -} -> TP 1, FP 2, P 1/3, R 1/3 -> 1/9; 0.3 (+): P 2/4, R 2/3 -> 1/6;
        // 0.1 (+): P 3/5, R 1 -> 1/5. Sum 43/90. Ranking the tied positive first would give
        // 1/3 + ... instead, so the order of ties would matter.
        double ap =
                MultiLabelAveragePrecision.averagePrecision(
                        new float[] {0.8f, 0.8f, 0.8f, 0.3f, 0.1f}, new int[] {1, 0, 0, 1, 1});
        assertEquals(43.0 / 90, ap, TOLERANCE);
        double reordered =
                MultiLabelAveragePrecision.averagePrecision(
                        new float[] {0.8f, 0.8f, 0.3f, 0.8f, 0.1f}, new int[] {0, 0, 1, 1, 1});
        assertEquals(ap, reordered, TOLERANCE);
    }

    @Test
    void ignoredEntriesTakeNoPart() {
        // Without the ignored 0.95 entry: 0.9 (+) -> .5; 0.5 (-); 0.4 (+): P 2/3 -> 1/3. Sum 5/6.
        double ap =
                MultiLabelAveragePrecision.averagePrecision(
                        new float[] {0.9f, 0.95f, 0.5f, 0.4f}, new int[] {1, -1, 0, 1});
        assertEquals(5.0 / 6, ap, TOLERANCE);
    }

    @Test
    void perfectRankingScoresOneAndNoPositiveIsUndefined() {
        assertEquals(
                1.0,
                MultiLabelAveragePrecision.averagePrecision(
                        new float[] {3f, 2f, -1f}, new int[] {1, 1, 0}));
        assertTrue(
                Double.isNaN(
                        MultiLabelAveragePrecision.averagePrecision(
                                new float[] {3f, 2f}, new int[] {0, -1})));
    }

    @Test
    void meanSkipsCategoriesWithoutPositives() {
        float[][] scores = concat(SCORES_1, SCORES_2);
        int[][] labels = toInts(concat(TARGETS_1, TARGETS_2));
        double[] perCategory =
                MultiLabelAveragePrecision.perCategoryAveragePrecision(scores, labels);
        assertEquals(5.0 / 6, perCategory[0], TOLERANCE);
        assertEquals(1.0, perCategory[1], TOLERANCE);
        assertTrue(Double.isNaN(perCategory[2]));
        assertEquals(
                (5.0 / 6 + 1) / 2,
                MultiLabelAveragePrecision.meanAveragePrecision(scores, labels),
                TOLERANCE);
    }

    @Test
    void rejectsSoftTargetsAndNaNScores() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        MultiLabelAveragePrecision.averagePrecision(
                                new float[] {0.1f, 0.2f}, new int[] {1, 2}));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        MultiLabelAveragePrecision.averagePrecision(
                                new float[] {Float.NaN, 0.2f}, new int[] {1, 0}));
    }

    @Test
    void accumulatorSpansBatches(NDManager manager) {
        MultiLabelAveragePrecision map = new MultiLabelAveragePrecision();
        map.addAccumulator("epoch");
        map.updateAccumulator("epoch", list(manager, TARGETS_1), list(manager, SCORES_1));
        // Integer targets are read as well as float ones.
        map.updateAccumulator(
                "epoch", new NDList(manager.create(toInts(TARGETS_2))), list(manager, SCORES_2));
        assertEquals((5.0 / 6 + 1) / 2, map.getAccumulator("epoch"), 1e-6);
        double[] perCategory = map.getPerCategoryAveragePrecision("epoch");
        assertEquals(5.0 / 6, perCategory[0], 1e-6);
        assertTrue(Double.isNaN(perCategory[2]));
    }

    @Test
    void accumulatorsAreIndependentAndResettable(NDManager manager) {
        MultiLabelAveragePrecision map = new MultiLabelAveragePrecision("ap");
        map.addAccumulator("epoch");
        map.addAccumulator("batch");
        map.updateAccumulators(
                new String[] {"epoch", "batch"}, list(manager, TARGETS_1), list(manager, SCORES_1));
        map.resetAccumulator("batch");
        assertTrue(Float.isNaN(map.getAccumulator("batch")));
        map.updateAccumulators(
                new String[] {"epoch", "batch"}, list(manager, TARGETS_2), list(manager, SCORES_2));
        assertEquals((5.0 / 6 + 1) / 2, map.getAccumulator("epoch"), 1e-6);
        // Batch 2 alone: category 0 has scores (.35 +, .8 +) -> 1; category 1 only a negative.
        assertEquals(1.0, map.getAccumulator("batch"), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> map.getAccumulator("missing"));
    }

    @Test
    void evaluateScoresOneBatch(NDManager manager) {
        // Batch 1: category 1 ranks its positive (0.9) above its negative; the others are empty.
        NDArray value =
                new MultiLabelAveragePrecision()
                        .evaluate(list(manager, TARGETS_1), list(manager, SCORES_1));
        assertEquals(1f, value.getFloat(), 1e-6f);
    }

    @Test
    void rejectsMismatchedShapes(NDManager manager) {
        MultiLabelAveragePrecision map = new MultiLabelAveragePrecision();
        map.addAccumulator("epoch");
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        map.updateAccumulator(
                                "epoch",
                                list(manager, TARGETS_1),
                                new NDList(manager.create(new float[] {1, 2, 3}))));
    }

    static NDList list(NDManager manager, float[][] values) {
        return new NDList(manager.create(values));
    }

    static float[][] concat(float[][] a, float[][] b) {
        float[][] out = new float[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int[][] toInts(float[][] values) {
        int[][] out = new int[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new int[values[i].length];
            for (int j = 0; j < values[i].length; j++) {
                out[i][j] = (int) values[i][j];
            }
        }
        return out;
    }
}
