package dev.annogan.datasets.coco.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The ranking pycocotools uses everywhere: {@code np.argsort(-scores, kind='mergesort')}. The sort
 * is stable, so detections with equal scores keep their input order; that order decides which of
 * them matches a ground truth first, and so changes AP.
 */
final class StableOrder {

    private StableOrder() {}

    /** Returns the indices of the scores from highest to lowest, ties in input order. */
    static int[] byDescendingScore(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Arrays.sort on objects is a stable merge sort (TimSort).
        Arrays.sort(order, Comparator.comparingDouble(i -> sortKey(scores[i])));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Returns {@code -score} as numpy compares it: -0.0 equals 0.0 (Double.compare would order
     * them), and NaN sorts last.
     */
    private static double sortKey(double score) {
        return -score + 0.0;
    }
}
