package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Micro and macro F1 on counts worked out by hand. */
@ExtendWith(NDManagerExtension.class)
class MultiLabelF1Test {

    private static final double TOLERANCE = 1e-9;

    // Columns are categories. Cut at 0.5:
    //   0: targets 1 1 0 0, predicted 1 0 1 0 -> TP 1, FP 1, FN 1, F1 2/4 = .5
    //   1: no positives, nothing predicted      -> absent, no F1
    //   2: targets 1 (-1) 1 1, predicted 1 . 1 0 -> TP 2, FP 0, FN 1, F1 4/5 = .8
    // micro: TP 3, FP 1, FN 2 -> 6/9; macro: (.5 + .8) / 2 = .65.
    private static final float[][] PROBABILITIES = {
        {0.9f, 0.1f, 0.6f}, {0.2f, 0.3f, 0.9f}, {0.7f, 0.2f, 0.7f}, {0.1f, 0.4f, 0.2f}
    };
    private static final float[][] TARGETS = {{1, 0, 1}, {1, 0, -1}, {0, 0, 1}, {0, 0, 1}};

    @Test
    void microSumsCountsOverCategories(NDManager manager) {
        MultiLabelF1 f1 = MultiLabelF1.builder().build();
        assertEquals("f1_micro", f1.getName());
        assertEquals(6.0 / 9, accumulate(f1, manager, PROBABILITIES), 1e-6);
        assertEquals(6.0 / 9, f1.getMicroF1("all"), TOLERANCE);
    }

    @Test
    void macroAveragesCategoriesThatOccur(NDManager manager) {
        MultiLabelF1 f1 = MultiLabelF1.builder().optAverage(MultiLabelF1.Average.MACRO).build();
        assertEquals("f1_macro", f1.getName());
        assertEquals(0.65, accumulate(f1, manager, PROBABILITIES), 1e-6);
        double[] perCategory = f1.getPerCategoryF1("all");
        assertEquals(0.5, perCategory[0], TOLERANCE);
        assertTrue(Double.isNaN(perCategory[1]));
        assertEquals(0.8, perCategory[2], TOLERANCE);
    }

    @Test
    void predictedButAbsentCategoryCountsAsZero(NDManager manager) {
        // Category 1 now has one false positive: F1 0, and the macro mean takes it in.
        float[][] probabilities = PROBABILITIES.clone();
        probabilities[3] = new float[] {0.1f, 0.6f, 0.2f};
        MultiLabelF1 f1 = MultiLabelF1.builder().optAverage(MultiLabelF1.Average.MACRO).build();
        assertEquals((0.5 + 0 + 0.8) / 3, accumulate(f1, manager, probabilities), 1e-6);
        // micro: TP 3, FP 2, FN 2 -> 6/10.
        assertEquals(0.6, f1.getMicroF1("all"), TOLERANCE);
    }

    @Test
    void logitsAreCutAtTheThresholdsLogit(NDManager manager) {
        float[][] logits = new float[PROBABILITIES.length][3];
        for (int n = 0; n < logits.length; n++) {
            for (int k = 0; k < 3; k++) {
                double p = PROBABILITIES[n][k];
                logits[n][k] = (float) Math.log(p / (1 - p));
            }
        }
        MultiLabelF1 f1 = MultiLabelF1.builder().optFromLogits(true).build();
        assertEquals(6.0 / 9, accumulate(f1, manager, logits), 1e-6);
    }

    @Test
    void scoreEqualToThresholdIsNotPredicted(NDManager manager) {
        // One positive at exactly 0.3 with threshold 0.3: a false negative, F1 0.
        MultiLabelF1 f1 = MultiLabelF1.builder().optThreshold(0.3).build();
        assertEquals(0.0, accumulate(f1, manager, new float[][] {{0.3f}}, new float[][] {{1}}));
        MultiLabelF1 lower = MultiLabelF1.builder().optThreshold(0.29).build();
        assertEquals(1.0, accumulate(lower, manager, new float[][] {{0.3f}}, new float[][] {{1}}));
    }

    @Test
    void countsAddUpAcrossBatchesAndReset(NDManager manager) {
        MultiLabelF1 f1 = MultiLabelF1.builder().optName("f1").build();
        f1.addAccumulator("epoch");
        for (int n = 0; n < PROBABILITIES.length; n++) {
            f1.updateAccumulator(
                    "epoch",
                    new NDList(manager.create(new float[][] {TARGETS[n]})),
                    new NDList(manager.create(new float[][] {PROBABILITIES[n]})));
        }
        assertEquals(6.0 / 9, f1.getAccumulator("epoch"), 1e-6);
        assertEquals(0.65, f1.getMacroF1("epoch"), TOLERANCE);
        f1.resetAccumulator("epoch");
        assertTrue(Float.isNaN(f1.getAccumulator("epoch")));
    }

    @Test
    void rejectsThresholdOutsideTheOpenUnitInterval() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MultiLabelF1.builder().optThreshold(1.0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> MultiLabelF1.builder().optThreshold(0).build());
    }

    private static double accumulate(MultiLabelF1 f1, NDManager manager, float[][] scores) {
        return accumulate(f1, manager, scores, TARGETS);
    }

    private static double accumulate(
            MultiLabelF1 f1, NDManager manager, float[][] scores, float[][] targets) {
        f1.addAccumulator("all");
        f1.updateAccumulator(
                "all", new NDList(manager.create(targets)), new NDList(manager.create(scores)));
        return f1.getAccumulator("all");
    }
}
