package dev.annogan.datasets.coco.mask;

import java.util.Arrays;
import java.util.List;

/**
 * Unions and intersections of run-length masks computed on the runs, as pycocotools' {@code
 * rleMerge} does: the masks are folded left to right, each step walking both run lists at once.
 */
final class MaskMerge {

    private MaskMerge() {}

    /**
     * Returns the runs of the union (or intersection) of the masks, all of the first mask's size.
     *
     * @throws IllegalArgumentException if the list is empty or the sizes differ
     */
    static int[] merge(List<RunLengthMask> masks, boolean intersect) {
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("cannot merge an empty list of masks");
        }
        RunLengthMask first = masks.get(0);
        int[] runs = first.countsView();
        for (int i = 1; i < masks.size(); i++) {
            RunLengthMask next = masks.get(i);
            if (next.height() != first.height() || next.width() != first.width()) {
                throw new IllegalArgumentException(
                        "cannot merge a "
                                + next.height()
                                + "x"
                                + next.width()
                                + " mask (position "
                                + i
                                + ") with a "
                                + first.height()
                                + "x"
                                + first.width()
                                + " one");
            }
            runs = mergeTwo(runs, next.countsView(), intersect);
        }
        return runs;
    }

    /**
     * Walks two run lists in step. Each iteration consumes the shorter current run from both,
     * advances whichever list finished its run (flipping that list's colour), and closes an output
     * run whenever the combined colour changes or both lists are exhausted.
     */
    private static int[] mergeTwo(int[] a, int[] b, boolean intersect) {
        int[] out = new int[a.length + b.length + 1];
        int m = 0;
        int ca = a[0];
        int cb = b[0];
        int nextA = 1;
        int nextB = 1;
        boolean va = false;
        boolean vb = false;
        boolean v = false;
        int pending = 0;
        long remaining = 1;
        while (remaining > 0) {
            int c = Math.min(ca, cb);
            pending += c;
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
            boolean previous = v;
            v = intersect ? va && vb : va || vb;
            if (v != previous || remaining == 0) {
                out[m++] = pending;
                pending = 0;
            }
        }
        return Arrays.copyOf(out, m);
    }
}
