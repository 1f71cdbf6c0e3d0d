package dev.annogan.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Confusion counts and the segmentation figures derived from them, by hand. */
class ConfusionMatrixTest {

    private static final double TOLERANCE = 1e-12;

    // Six pixels, one ignored (255). Counted (target, prediction): (0,0) (0,1) (1,1) (2,2) (1,0).
    private static final int[] TARGETS = {0, 0, 1, 2, 255, 1};
    private static final int[] PREDICTIONS = {0, 1, 1, 2, 0, 0};

    @Test
    void countsRowsByTargetAndSkipsIgnored() {
        ConfusionMatrix m = new ConfusionMatrix(3).add(TARGETS, PREDICTIONS, 255);
        assertArrayEquals(
                new long[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}}, m.toArray(), "rows = targets");
        assertEquals(5, m.total());
    }

    @Test
    void iouPerClassAndMean() {
        ConfusionMatrix m = new ConfusionMatrix(3).add(TARGETS, PREDICTIONS, 255);
        // Class 0: TP 1, FP 1 (target 1 predicted 0), FN 1 -> 1/3; class 1 likewise; class 2: 1.
        assertEquals(1, m.falsePositives(0));
        assertEquals(1, m.falseNegatives(0));
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0}, m.perClassIoU(), TOLERANCE);
        assertEquals(5.0 / 9, m.meanIoU(), TOLERANCE);
        assertEquals(3.0 / 5, m.pixelAccuracy(), TOLERANCE);
    }

    @Test
    void classAbsentEverywhereIsLeftOutOfTheMean() {
        ConfusionMatrix m = new ConfusionMatrix(4).add(TARGETS, PREDICTIONS, 255);
        assertTrue(Double.isNaN(m.iou(3)));
        assertEquals(5.0 / 9, m.meanIoU(), TOLERANCE);
    }

    @Test
    void classOnlyPredictedCountsAsZero() {
        // Targets 0 0, predictions 0 1: IoU(0) = 1/2, IoU(1) = 0/1.
        ConfusionMatrix m = new ConfusionMatrix(2).add(new int[] {0, 0}, new int[] {0, 1}, -1);
        assertEquals(0.0, m.iou(1));
        assertEquals(0.25, m.meanIoU(), TOLERANCE);
    }

    @Test
    void mergeEqualsCountingTogether() {
        ConfusionMatrix a =
                new ConfusionMatrix(3).add(new int[] {0, 0, 1}, new int[] {0, 1, 1}, -1);
        ConfusionMatrix b = new ConfusionMatrix(3).add(new int[] {2, 1}, new int[] {2, 0}, -1);
        ConfusionMatrix whole =
                new ConfusionMatrix(3)
                        .add(new int[] {0, 0, 1, 2, 1}, new int[] {0, 1, 1, 2, 0}, -1);
        assertArrayEquals(whole.toArray(), a.merge(b).toArray());
    }

    @Test
    void emptyMatrixHasNoFigures() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertTrue(Double.isNaN(m.meanIoU()));
        assertTrue(Double.isNaN(m.pixelAccuracy()));
    }

    @Test
    void outOfRangeClassLeavesMatrixUnchanged() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertThrows(
                IllegalArgumentException.class,
                () -> m.add(new int[] {0, 5}, new int[] {0, 0}, -1));
        assertThrows(
                IllegalArgumentException.class,
                () -> m.add(new int[] {0, 1}, new int[] {0, 2}, -1));
        assertEquals(0, m.total());
    }
}
