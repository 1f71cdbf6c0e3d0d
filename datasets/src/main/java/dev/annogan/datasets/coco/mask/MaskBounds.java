package dev.annogan.datasets.coco.mask;

/**
 * The bounding box of run-length foreground, computed as pycocotools' {@code rleToBbox} does from
 * the position where each run starts and ends, without decoding pixels.
 */
final class MaskBounds {

    private MaskBounds() {}

    /**
     * Returns {@code [x, y, w, h]} of the foreground of a mask of this size: all zeros when there
     * are fewer than two runs, and the full height when a foreground run wraps from one column into
     * the next (rleToBbox does not look further).
     */
    static double[] of(int[] counts, int height, int width) {
        // Only whole (zeros, ones) pairs count, as in rleToBbox.
        int pairs = counts.length / 2 * 2;
        if (pairs == 0 || height == 0) {
            return new double[4];
        }
        // rleToBbox works in unsigned 32-bit arithmetic; longs masked to 32 bits keep its result
        // for degenerate runs starting [0, 0, ...], where the empty run "ends" at pixel -1.
        long xs = width;
        long ys = height;
        long xe = 0;
        long ye = 0;
        long xp = 0;
        long cc = 0;
        for (int j = 0; j < pairs; j++) {
            cc += counts[j];
            long t = (cc - j % 2) & 0xFFFFFFFFL;
            long y = t % height;
            long x = (t - y) / height;
            if (j % 2 == 0) {
                xp = x;
            } else if (xp < x) {
                ys = 0;
                ye = height - 1;
            }
            xs = Math.min(xs, x);
            xe = Math.max(xe, x);
            ys = Math.min(ys, y);
            ye = Math.max(ye, y);
        }
        return new double[] {xs, ys, xe - xs + 1, ye - ys + 1};
    }
}
