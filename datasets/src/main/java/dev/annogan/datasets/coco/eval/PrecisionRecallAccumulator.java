package dev.annogan.datasets.coco.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-image matchings into precision and recall tables, as pycocotools' {@code accumulate}:
 * for each category, area range and maxDets, the detections of all images are ranked together, the
 * precision curve is made monotone, and precision is sampled at the 101 recall thresholds. Cells
 * without ground truth stay -1, which {@code summarize} leaves out of its means.
 */
final class PrecisionRecallAccumulator {

    /** numpy's {@code np.spacing(1)}, added to the denominator of precision as pycocotools does. */
    private static final double EPS = Math.ulp(1.0);

    private PrecisionRecallAccumulator() {}

    /**
     * Fills the tables from {@code evaluations[category][area][image]} (null where an image has
     * neither ground truth nor detections).
     */
    static PrecisionRecall accumulate(ImageEvaluation[][][] evaluations) {
        int categories = evaluations.length;
        PrecisionRecall tables = new PrecisionRecall(categories);
        for (int k = 0; k < categories; k++) {
            for (int a = 0; a < EvalParams.AREA_RANGES.length; a++) {
                List<ImageEvaluation> present = new ArrayList<>();
                for (ImageEvaluation e : evaluations[k][a]) {
                    if (e != null) {
                        present.add(e);
                    }
                }
                if (present.isEmpty()) {
                    continue;
                }
                for (int m = 0; m < EvalParams.MAX_DETS.length; m++) {
                    accumulateCell(present, EvalParams.MAX_DETS[m], tables, k, a, m);
                }
            }
        }
        return tables;
    }

    private static void accumulateCell(
            List<ImageEvaluation> images, int maxDet, PrecisionRecall tables, int k, int a, int m) {
        int thresholds = EvalParams.IOU_THRESHOLDS.length;
        int total = 0;
        int regularGt = 0;
        for (ImageEvaluation e : images) {
            total += Math.min(maxDet, e.dtScores().length);
            for (boolean ignore : e.gtIgnore()) {
                regularGt += ignore ? 0 : 1;
            }
        }
        if (regularGt == 0) {
            return;
        }
        // Concatenate each image's top maxDet detections in image order, then rank them all.
        double[] scores = new double[total];
        long[][] matches = new long[thresholds][total];
        boolean[][] ignore = new boolean[thresholds][total];
        int offset = 0;
        for (ImageEvaluation e : images) {
            int n = Math.min(maxDet, e.dtScores().length);
            System.arraycopy(e.dtScores(), 0, scores, offset, n);
            for (int t = 0; t < thresholds; t++) {
                System.arraycopy(e.dtMatches()[t], 0, matches[t], offset, n);
                System.arraycopy(e.dtIgnore()[t], 0, ignore[t], offset, n);
            }
            offset += n;
        }
        int[] order = StableOrder.byDescendingScore(scores);

        double[] recallThresholds = EvalParams.RECALL_THRESHOLDS;
        double[] recall = new double[total];
        double[] precision = new double[total];
        for (int t = 0; t < thresholds; t++) {
            int n = 0;
            double tp = 0;
            double fp = 0;
            for (int i : order) {
                if (ignore[t][i]) {
                    continue;
                }
                if (matches[t][i] != 0) {
                    tp++;
                } else {
                    fp++;
                }
                recall[n] = tp / regularGt;
                precision[n] = tp / (fp + tp + EPS);
                n++;
            }
            // pycocotools keeps a cumulative-sum entry for each ignored detection too, repeating
            // the previous values (or 0, 0 before the first); such repeats change neither the
            // monotone precision curve nor where a recall threshold first falls, so they are
            // skipped here.
            tables.setRecall(t, k, a, m, n > 0 ? recall[n - 1] : 0);
            for (int i = n - 1; i > 0; i--) {
                if (precision[i] > precision[i - 1]) {
                    precision[i - 1] = precision[i];
                }
            }
            int position = 0;
            for (int r = 0; r < recallThresholds.length; r++) {
                // np.searchsorted(rc, recThrs, side='left'); past the end, precision stays 0.
                while (position < n && recall[position] < recallThresholds[r]) {
                    position++;
                }
                tables.setPrecision(t, r, k, a, m, position < n ? precision[position] : 0);
            }
        }
    }
}
