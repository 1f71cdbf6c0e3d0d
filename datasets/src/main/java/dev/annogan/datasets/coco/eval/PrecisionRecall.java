package dev.annogan.datasets.coco.eval;

import java.util.Arrays;

/**
 * pycocotools' {@code eval['precision']} ({@code [T][R][K][A][M]}) and {@code eval['recall']}
 * ({@code [T][K][A][M]}) tables, stored flat: T IoU thresholds, R recall thresholds, K categories,
 * A area ranges, M maxDets values. Cells start at -1, meaning "no ground truth".
 */
final class PrecisionRecall {

    private static final int T = EvalParams.IOU_THRESHOLDS.length;
    private static final int R = EvalParams.RECALL_THRESHOLDS.length;
    private static final int A = EvalParams.AREA_RANGES.length;
    private static final int M = EvalParams.MAX_DETS.length;

    private final int categories;
    private final double[] precision;
    private final double[] recall;

    PrecisionRecall(int categories) {
        this.categories = categories;
        precision = new double[T * R * categories * A * M];
        recall = new double[T * categories * A * M];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
    }

    int categories() {
        return categories;
    }

    double precision(int t, int r, int k, int a, int m) {
        return precision[precisionIndex(t, r, k, a, m)];
    }

    void setPrecision(int t, int r, int k, int a, int m, double value) {
        precision[precisionIndex(t, r, k, a, m)] = value;
    }

    double recall(int t, int k, int a, int m) {
        return recall[recallIndex(t, k, a, m)];
    }

    void setRecall(int t, int k, int a, int m, double value) {
        recall[recallIndex(t, k, a, m)] = value;
    }

    private int precisionIndex(int t, int r, int k, int a, int m) {
        return (((t * R + r) * categories + k) * A + a) * M + m;
    }

    private int recallIndex(int t, int k, int a, int m) {
        return ((t * categories + k) * A + a) * M + m;
    }
}
