package dev.annogan.datasets.coco.eval;

import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches the detections of one image and category to its ground truth, as pycocotools' {@code
 * computeIoU} and {@code evaluateImg}: the IoUs are computed once, then matched greedily by score
 * for each area range.
 */
final class ImageMatcher {

    private final List<EvalRegion> gt;

    /** The detections ranked by score and capped at the largest maxDets. */
    private final List<EvalRegion> dt;

    /** {@code ious[d][g]} between {@link #dt} and {@link #gt}, in their orders. */
    private final double[][] ious;

    private ImageMatcher(List<EvalRegion> gt, List<EvalRegion> dt, double[][] ious) {
        this.gt = gt;
        this.dt = dt;
        this.ious = ious;
    }

    /**
     * Ranks the detections, keeps the best {@code maxDets} and computes their IoUs with the ground
     * truth; returns {@code null} when the image has neither (pycocotools skips those).
     */
    static ImageMatcher of(List<EvalRegion> gt, List<EvalRegion> dt, IouType type, int maxDets) {
        if (gt.isEmpty() && dt.isEmpty()) {
            return null;
        }
        List<EvalRegion> ranked = rank(dt, maxDets);
        boolean[] crowd = new boolean[gt.size()];
        for (int g = 0; g < crowd.length; g++) {
            crowd[g] = gt.get(g).crowd();
        }
        double[][] ious;
        if (type == IouType.SEGM) {
            List<RunLengthMask> dtMasks = new ArrayList<>(ranked.size());
            ranked.forEach(d -> dtMasks.add(d.mask()));
            List<RunLengthMask> gtMasks = new ArrayList<>(gt.size());
            gt.forEach(g -> gtMasks.add(g.mask()));
            ious = RunLengthMask.iou(dtMasks, gtMasks, crowd);
        } else {
            List<double[]> dtBoxes = new ArrayList<>(ranked.size());
            ranked.forEach(d -> dtBoxes.add(d.bbox()));
            List<double[]> gtBoxes = new ArrayList<>(gt.size());
            gt.forEach(g -> gtBoxes.add(g.bbox()));
            ious = RunLengthMask.boxIou(dtBoxes, gtBoxes, crowd);
        }
        return new ImageMatcher(gt, ranked, ious);
    }

    /**
     * Matches for one area range. At each IoU threshold, each detection in rank order takes the
     * unmatched ground truth it overlaps most (at least the threshold); crowds can be matched many
     * times, and a detection prefers any regular ground truth over an ignored one.
     */
    ImageEvaluation evaluate(double[] areaRange, int maxDet) {
        boolean[] ignoredBefore = new boolean[gt.size()];
        for (int g = 0; g < ignoredBefore.length; g++) {
            EvalRegion region = gt.get(g);
            ignoredBefore[g] =
                    region.crowd() || region.area() < areaRange[0] || region.area() > areaRange[1];
        }
        // Stable: regular ground truth first, each group in its original order.
        int[] gtOrder = new int[gt.size()];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int g = 0; g < gtOrder.length; g++) {
                if (ignoredBefore[g] == (pass == 1)) {
                    gtOrder[next++] = g;
                }
            }
        }
        int gtCount = gtOrder.length;
        int dtCount = Math.min(maxDet, dt.size());
        boolean[] gtIgnore = new boolean[gtCount];
        boolean[] gtCrowd = new boolean[gtCount];
        for (int g = 0; g < gtCount; g++) {
            gtIgnore[g] = ignoredBefore[gtOrder[g]];
            gtCrowd[g] = gt.get(gtOrder[g]).crowd();
        }

        double[] thresholds = EvalParams.IOU_THRESHOLDS;
        long[][] dtMatches = new long[thresholds.length][dtCount];
        boolean[][] dtIgnore = new boolean[thresholds.length][dtCount];
        long[][] gtMatches = new long[thresholds.length][gtCount];
        for (int t = 0; t < thresholds.length; t++) {
            for (int d = 0; d < dtCount; d++) {
                double best = Math.min(thresholds[t], 1 - 1e-10);
                int match = -1;
                for (int g = 0; g < gtCount; g++) {
                    if (gtMatches[t][g] > 0 && !gtCrowd[g]) {
                        continue;
                    }
                    // The ground truth is sorted regular-first: once a regular one matched, the
                    // ignored ones that follow cannot replace it.
                    if (match > -1 && !gtIgnore[match] && gtIgnore[g]) {
                        break;
                    }
                    double iou = ious[d][gtOrder[g]];
                    if (iou < best) {
                        continue;
                    }
                    best = iou;
                    match = g;
                }
                if (match == -1) {
                    continue;
                }
                dtIgnore[t][d] = gtIgnore[match];
                dtMatches[t][d] = gt.get(gtOrder[match]).id();
                gtMatches[t][match] = dt.get(d).id();
            }
        }

        double[] dtScores = new double[dtCount];
        for (int d = 0; d < dtCount; d++) {
            EvalRegion region = dt.get(d);
            dtScores[d] = region.score();
            boolean outside = region.area() < areaRange[0] || region.area() > areaRange[1];
            for (int t = 0; t < thresholds.length; t++) {
                // pycocotools tests "matched" as a non-zero gt id, so a gt with id 0 counts as no
                // match here too.
                dtIgnore[t][d] |= dtMatches[t][d] == 0 && outside;
            }
        }
        return new ImageEvaluation(dtScores, dtMatches, dtIgnore, gtIgnore);
    }

    private static List<EvalRegion> rank(List<EvalRegion> dt, int maxDets) {
        double[] scores = new double[dt.size()];
        for (int d = 0; d < scores.length; d++) {
            scores[d] = dt.get(d).score();
        }
        int[] order = StableOrder.byDescendingScore(scores);
        List<EvalRegion> ranked = new ArrayList<>(Math.min(maxDets, order.length));
        for (int i = 0; i < order.length && i < maxDets; i++) {
            ranked.add(dt.get(order[i]));
        }
        return ranked;
    }
}
