package dev.annogan.datasets.coco.mask;

import java.util.List;

/**
 * Overlap matrices between detections and ground truth, as pycocotools' {@code bbIou} and {@code
 * rleIou} compute them, including COCO's crowd rule: for a crowd region the denominator is the
 * detection's own area, so a detection inside a crowd scores 1 however large the crowd is.
 */
final class IntersectionOverUnion {

    private IntersectionOverUnion() {}

    /** Returns {@code iou[d][g]} between boxes {@code [x, y, w, h]}. */
    static double[][] ofBoxes(List<double[]> dt, List<double[]> gt, boolean[] gtIsCrowd) {
        checkCrowdFlags(gt.size(), gtIsCrowd);
        double[][] iou = new double[dt.size()][gt.size()];
        for (int g = 0; g < gt.size(); g++) {
            double[] gb = gt.get(g);
            for (int d = 0; d < dt.size(); d++) {
                iou[d][g] = ofBoxPair(dt.get(d), gb, gtIsCrowd != null && gtIsCrowd[g]);
            }
        }
        return iou;
    }

    /**
     * Returns {@code iou[d][g]} between masks; a pair of masks of different sizes gets -1.
     *
     * <p>As in pycocotools, the runs are only walked for pairs whose bounding boxes overlap, which
     * skips most pairs in a crowded image.
     */
    static double[][] ofMasks(List<RunLengthMask> dt, List<RunLengthMask> gt, boolean[] gtIsCrowd) {
        checkCrowdFlags(gt.size(), gtIsCrowd);
        double[][] dtBoxes = new double[dt.size()][];
        for (int d = 0; d < dt.size(); d++) {
            dtBoxes[d] = dt.get(d).toBbox();
        }
        double[][] iou = new double[dt.size()][gt.size()];
        for (int g = 0; g < gt.size(); g++) {
            RunLengthMask gm = gt.get(g);
            double[] gb = gm.toBbox();
            boolean crowd = gtIsCrowd != null && gtIsCrowd[g];
            for (int d = 0; d < dt.size(); d++) {
                if (!(ofBoxPair(dtBoxes[d], gb, crowd) > 0)) {
                    continue;
                }
                RunLengthMask dm = dt.get(d);
                if (dm.height() != gm.height() || dm.width() != gm.width()) {
                    iou[d][g] = -1;
                    continue;
                }
                iou[d][g] = ofMaskPair(dm, gm, crowd);
            }
        }
        return iou;
    }

    private static double ofBoxPair(double[] d, double[] g, boolean crowd) {
        double w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
        if (h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double dtArea = d[2] * d[3];
        double union = crowd ? dtArea : dtArea + g[2] * g[3] - intersection;
        return intersection / union;
    }

    /** Walks both run lists in step, summing the pixels that are set in both and in either. */
    private static double ofMaskPair(RunLengthMask dt, RunLengthMask gt, boolean crowd) {
        int[] a = dt.countsView();
        int[] b = gt.countsView();
        int ca = a[0];
        int cb = b[0];
        int nextA = 1;
        int nextB = 1;
        boolean va = false;
        boolean vb = false;
        long intersection = 0;
        long union = 0;
        long remaining = 1;
        while (remaining > 0) {
            int c = Math.min(ca, cb);
            if (va || vb) {
                union += c;
                if (va && vb) {
                    intersection += c;
                }
            }
            ca -= c;
            if (ca == 0 && nextA < a.length) {
                ca = a[nextA++];
                va = !va;
            }
            cb -= c;
            if (cb == 0 && nextB < b.length) {
                cb = b[nextB++];
                vb = !vb;
            }
            remaining = (long) ca + cb;
        }
        if (intersection == 0) {
            return 0;
        }
        if (crowd) {
            union = dt.area();
        }
        return (double) intersection / (double) union;
    }

    private static void checkCrowdFlags(int gtCount, boolean[] gtIsCrowd) {
        if (gtIsCrowd != null && gtIsCrowd.length != gtCount) {
            throw new IllegalArgumentException(
                    "gtIsCrowd has "
                            + gtIsCrowd.length
                            + " flags for "
                            + gtCount
                            + " ground-truth regions");
        }
    }
}
