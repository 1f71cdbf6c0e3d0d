package dev.annogan.datasets.coco.mask;

import java.util.Arrays;

/**
 * Turns one polygon into run lengths the way pycocotools' {@code rleFrPoly} does, bit for bit.
 *
 * <p>The algorithm: scale the vertices by 5 and round them to integers, walk every edge one
 * sub-pixel step at a time, keep the points where the walk crosses a pixel-centre column, scale
 * those back, and turn each into the column-major index where a run toggles. COCO's reference masks
 * come from exactly this procedure, so every rounding step below is kept as the C code has it,
 * including C's truncating {@code (int)} casts.
 */
final class PolygonRasterizer {

    private static final double SCALE = 5;

    private PolygonRasterizer() {}

    /** Returns the run lengths of the polygon {@code [x0, y0, x1, y1, ...]} on an h×w grid. */
    static int[] rasterize(double[] xy, int h, int w) {
        int vertices = xy.length / 2;
        int[] x = new int[vertices + 1];
        int[] y = new int[vertices + 1];
        for (int j = 0; j < vertices; j++) {
            x[j] = truncate(SCALE * xy[2 * j] + .5);
            y[j] = truncate(SCALE * xy[2 * j + 1] + .5);
        }
        x[vertices] = x[0];
        y[vertices] = y[0];

        int steps = 0;
        for (int j = 0; j < vertices; j++) {
            steps += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
        }
        int[] u = new int[steps];
        int[] v = new int[steps];
        int walked = walkEdges(x, y, vertices, u, v);

        int[] columnStarts = new int[walked + 1];
        int found = 0;
        for (int j = 1; j < walked; j++) {
            if (u[j] == u[j - 1]) {
                continue;
            }
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / SCALE - .5;
            if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
                continue;
            }
            double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
            yd = (yd + .5) / SCALE - .5;
            if (yd < 0) {
                yd = 0;
            } else if (yd > h) {
                yd = h;
            }
            yd = Math.ceil(yd);
            columnStarts[found++] = (int) xd * h + (int) yd;
        }
        columnStarts[found++] = h * w;
        return toRuns(columnStarts, found);
    }

    /**
     * Walks each edge in unit steps along its longer axis, writing the visited sub-pixel points to
     * {@code u} (x) and {@code v} (y); returns how many were written.
     */
    private static int walkEdges(int[] x, int[] y, int vertices, int[] u, int[] v) {
        int m = 0;
        for (int j = 0; j < vertices; j++) {
            int xs = x[j];
            int xe = x[j + 1];
            int ys = y[j];
            int ye = y[j + 1];
            int dx = Math.abs(xe - xs);
            int dy = Math.abs(ys - ye);
            // Walking every edge in increasing direction makes the rounding independent of the
            // polygon's orientation; the points are still emitted from the original start.
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            if (dx >= dy) {
                double slope = (double) (ye - ys) / dx;
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = truncate(ys + slope * t + .5);
                    m++;
                }
            } else {
                double slope = (double) (xe - xs) / dy;
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = truncate(xs + slope * t + .5);
                    m++;
                }
            }
        }
        return m;
    }

    /**
     * Sorts the column-major positions where the mask toggles and turns them into run lengths. A
     * position listed twice toggles twice, so as in pycocotools the empty run between the two and
     * the run after them are folded into the run before.
     */
    private static int[] toRuns(int[] positions, int count) {
        int[] a = Arrays.copyOf(positions, count);
        Arrays.sort(a);
        int previous = 0;
        for (int j = 0; j < count; j++) {
            int t = a[j];
            a[j] -= previous;
            previous = t;
        }
        int[] runs = new int[count];
        int j = 0;
        int m = 0;
        runs[m++] = a[j++];
        while (j < count) {
            if (a[j] > 0) {
                runs[m++] = a[j++];
            } else {
                j++;
                if (j < count) {
                    runs[m - 1] += a[j++];
                }
            }
        }
        return Arrays.copyOf(runs, m);
    }

    /**
     * Converts like C's {@code (int)} cast on x86-64: truncation toward zero, and the "integer
     * indefinite" value {@code INT_MIN} for NaN and out-of-range inputs (Java would saturate or
     * give 0). NaN arises for a zero-length edge; its point is never read, but keeping the C value
     * keeps this port honest.
     */
    private static int truncate(double value) {
        if (Double.isNaN(value) || value >= 2147483648.0 || value <= -2147483649.0) {
            return Integer.MIN_VALUE;
        }
        return (int) value;
    }
}
