package dev.annogan.datasets.coco.eval;

/**
 * pycocotools' default {@code Params} for {@code bbox} and {@code segm} evaluation. The thresholds
 * are built as numpy's {@code linspace} builds them, so that their doubles (0.8999999999999999, not
 * 0.9) and every comparison made with them are the same as in the official evaluation.
 */
final class EvalParams {

    /** IoU thresholds .50:.05:.95. */
    static final double[] IOU_THRESHOLDS = linspace(.5, .95, 10);

    /** Recall thresholds 0:.01:1 at which precision is sampled. */
    static final double[] RECALL_THRESHOLDS = linspace(0, 1, 101);

    /** Detections kept per image, ascending; the last is the cap applied while matching. */
    static final int[] MAX_DETS = {1, 10, 100};

    /** Object area ranges {@code [min, max]} in pixels, inclusive: all, small, medium, large. */
    static final double[][] AREA_RANGES = {
        {0, 1e5 * 1e5}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e5 * 1e5}
    };

    /** The labels summarize() prints for {@link #AREA_RANGES}. */
    static final String[] AREA_LABELS = {"all", "small", "medium", "large"};

    private EvalParams() {}

    /** Returns the index of an area label. */
    static int areaIndex(String label) {
        for (int i = 0; i < AREA_LABELS.length; i++) {
            if (AREA_LABELS[i].equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no area range " + label);
    }

    /** Returns the index of a maxDets value. */
    static int maxDetsIndex(int maxDets) {
        for (int i = 0; i < MAX_DETS.length; i++) {
            if (MAX_DETS[i] == maxDets) {
                return i;
            }
        }
        throw new IllegalArgumentException("no maxDets " + maxDets);
    }

    /** numpy's {@code linspace(start, stop, num)}: {@code i * step + start}, last set to stop. */
    private static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] values = new double[num];
        for (int i = 0; i < num; i++) {
            values[i] = i * step + start;
        }
        values[num - 1] = stop;
        return values;
    }
}
