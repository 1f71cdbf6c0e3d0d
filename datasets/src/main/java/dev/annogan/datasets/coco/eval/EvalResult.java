package dev.annogan.datasets.coco.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The outcome of a COCO evaluation: the 12 summary numbers of pycocotools' {@code summarize()}, its
 * printout, and the precision and recall tables they are averaged from.
 *
 * <p>The stats, in order: AP@[.50:.95], AP@.50, AP@.75, AP small, AP medium, AP large (all at 100
 * detections per image), then AR@1, AR@10, AR@100, AR small, AR medium, AR large. A number is -1
 * when no category has ground truth in its area range, as in pycocotools.
 */
public final class EvalResult {

    private static final int STATS = 12;

    private final IouType iouType;
    private final List<Integer> categoryIds;
    private final PrecisionRecall tables;
    private final double[] stats = new double[STATS];
    private final String summary;

    EvalResult(IouType iouType, List<Integer> categoryIds, PrecisionRecall tables) {
        this.iouType = iouType;
        this.categoryIds = List.copyOf(categoryIds);
        this.tables = tables;
        // The twelve lines of summarize()'s _summarizeDets: six AP numbers at 100 detections,
        // then six AR numbers; the same area column serves both halves.
        String[] areas = {"all", "all", "all", "small", "medium", "large"};
        Double[] apIou = {null, .5, .75, null, null, null};
        int[] arMaxDets = {1, 10, 100, 100, 100, 100};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            stats[i] = summarize(true, apIou[i], areas[i], 100, lines);
        }
        for (int i = 0; i < 6; i++) {
            stats[6 + i] = summarize(false, null, areas[i], arMaxDets[i], lines);
        }
        summary = lines.toString();
    }

    /** Returns the 12 summary numbers, in {@code COCOeval.stats} order. */
    public double[] stats() {
        return stats.clone();
    }

    /**
     * Returns the 12-line printout of pycocotools' {@code summarize()}, character for character.
     */
    public String summary() {
        return summary;
    }

    /** Returns what was compared: boxes or masks. */
    public IouType iouType() {
        return iouType;
    }

    /** Returns the category ids in table order (ascending), the {@code category} index below. */
    public List<Integer> categoryIds() {
        return categoryIds;
    }

    /** Returns the IoU thresholds .50:.05:.95, the {@code iouThreshold} index below. */
    public double[] iouThresholds() {
        return EvalParams.IOU_THRESHOLDS.clone();
    }

    /** Returns the recall thresholds 0:.01:1, the {@code recallThreshold} index below. */
    public double[] recallThresholds() {
        return EvalParams.RECALL_THRESHOLDS.clone();
    }

    /**
     * Returns an entry of pycocotools' {@code eval['precision']}: the interpolated precision at a
     * recall threshold, or -1 when the category has no ground truth in the area range.
     *
     * @param area 0 all, 1 small, 2 medium, 3 large
     * @param maxDets 0 for 1, 1 for 10, 2 for 100 detections per image
     */
    public double precision(
            int iouThreshold, int recallThreshold, int category, int area, int maxDets) {
        return tables.precision(iouThreshold, recallThreshold, category, area, maxDets);
    }

    /**
     * Returns an entry of pycocotools' {@code eval['recall']}: the recall reached, or -1 when the
     * category has no ground truth in the area range. Indices as in {@link #precision}.
     */
    public double recall(int iouThreshold, int category, int area, int maxDets) {
        return tables.recall(iouThreshold, category, area, maxDets);
    }

    /** Returns the summary printout. */
    @Override
    public String toString() {
        return summary;
    }

    /**
     * One line of {@code summarize()}: the mean of the table cells for an IoU threshold (or all),
     * area range and maxDets, leaving out -1 cells.
     */
    private double summarize(
            boolean precision, Double iouThreshold, String area, int maxDets, StringBuilder out) {
        int a = EvalParams.areaIndex(area);
        int m = EvalParams.maxDetsIndex(maxDets);
        double[] thresholds = EvalParams.IOU_THRESHOLDS;
        int categories = tables.categories();
        int recalls = precision ? EvalParams.RECALL_THRESHOLDS.length : 1;
        double[] kept = new double[thresholds.length * recalls * categories];
        int n = 0;
        // Same cell order as numpy's s[s > -1] (threshold, recall, category), so the pairwise sum
        // adds in the same order.
        for (int t = 0; t < thresholds.length; t++) {
            // pycocotools selects the threshold by exact equality (np.where(iouThr == iouThrs)).
            if (iouThreshold != null && thresholds[t] != iouThreshold) {
                continue;
            }
            for (int r = 0; r < recalls; r++) {
                for (int k = 0; k < categories; k++) {
                    double value =
                            precision ? tables.precision(t, r, k, a, m) : tables.recall(t, k, a, m);
                    if (value > -1) {
                        kept[n++] = value;
                    }
                }
            }
        }
        double mean = n == 0 ? -1 : pairwiseSum(kept, 0, n) / n;
        String iouText =
                iouThreshold == null
                        ? fixed(thresholds[0], 2)
                                + ":"
                                + fixed(thresholds[thresholds.length - 1], 2)
                        : fixed(iouThreshold, 2);
        out.append(
                        String.format(
                                " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
                                precision ? "Average Precision" : "Average Recall",
                                precision ? "(AP)" : "(AR)",
                                iouText,
                                area,
                                maxDets,
                                fixed(mean, 3)))
                .append('\n');
        return mean;
    }

    /**
     * Formats like Python's {@code '{:0.Nf}'}: the exact binary value rounded half-even (Java's
     * {@code %.Nf} rounds half-up and would print 0.063 for 0.0625).
     */
    private static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Sums as numpy's {@code add.reduce} does for doubles (pairwise, eight accumulators per block
     * of up to 128), so means match numpy's to the last bit in the usual case.
     */
    private static double pairwiseSum(double[] values, int from, int n) {
        if (n < 8) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[from + i];
            }
            return sum;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(values, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += values[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += values[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(values, from, half) + pairwiseSum(values, from + half, n - half);
    }
}
