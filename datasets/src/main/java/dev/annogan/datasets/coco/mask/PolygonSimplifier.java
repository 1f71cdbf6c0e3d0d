package dev.annogan.datasets.coco.mask;

/**
 * Simplifies closed polygons and measures them. A region traced along pixel edges has a vertex at
 * every turn of a staircase; an annotation tool shows each as a handle a reviewer could drag, so
 * they are thinned with the Ramer–Douglas–Peucker rule (drop a vertex if the simplified boundary
 * stays within {@code tolerance} pixels of it). The simplified polygon's own area and box are then
 * what an annotation should record, so that area, box and polygon agree in the file.
 *
 * <pre>{@code
 * double[] ring = PolygonSimplifier.simplify(region.polygon(), 1.0);
 * double area = PolygonSimplifier.area(ring);
 * double[] box = PolygonSimplifier.bbox(ring);
 * }</pre>
 */
public final class PolygonSimplifier {

    private PolygonSimplifier() {}

    /**
     * Returns a closed polygon with the vertices that matter: every vertex of the input that lies
     * farther than {@code tolerance} from the simplified boundary is kept. The result has at least
     * three vertices; a polygon that would collapse below three is returned unchanged.
     *
     * @param ring the polygon as {@code [x0, y0, x1, y1, ...]}, not repeating its first point
     * @param tolerance the largest distance, in pixels, a dropped vertex may lie from the result; 0
     *     returns the polygon as it is
     * @return the simplified polygon, its vertices a subset of the input's in the same order
     * @throws IllegalArgumentException if the ring has an odd number of coordinates or the
     *     tolerance is negative
     */
    public static double[] simplify(double[] ring, double tolerance) {
        if (ring.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "a polygon needs an even number of coordinates, got " + ring.length);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        int n = ring.length / 2;
        if (tolerance == 0 || n <= 3) {
            return ring.clone();
        }
        // Split the ring at its first vertex and the vertex farthest from it: two open chains,
        // each simplified on its own, whose ends are always kept.
        int far = 0;
        double farthest = -1;
        for (int i = 1; i < n; i++) {
            double d = Math.hypot(ring[2 * i] - ring[0], ring[2 * i + 1] - ring[1]);
            if (d > farthest) {
                farthest = d;
                far = i;
            }
        }
        boolean[] keep = new boolean[n + 1];
        keep[0] = true;
        keep[far] = true;
        keep[n] = true;
        mark(ring, n, 0, far, tolerance, keep);
        mark(ring, n, far, n, tolerance, keep);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            kept += keep[i] ? 1 : 0;
        }
        if (kept < 3) {
            return ring.clone();
        }
        double[] out = new double[2 * kept];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                out[at++] = ring[2 * i];
                out[at++] = ring[2 * i + 1];
            }
        }
        return out;
    }

    /**
     * Marks the vertices to keep between {@code from} and {@code to} (vertex {@code n} is vertex 0
     * again), with an explicit stack so that long boundaries do not exhaust the thread's stack.
     */
    private static void mark(
            double[] ring, int n, int from, int to, double tolerance, boolean[] keep) {
        int[] stack = new int[2 * (n + 2)];
        int top = 0;
        stack[top++] = from;
        stack[top++] = to;
        while (top > 0) {
            int b = stack[--top];
            int a = stack[--top];
            if (b - a < 2) {
                continue;
            }
            double ax = x(ring, n, a);
            double ay = y(ring, n, a);
            double bx = x(ring, n, b);
            double by = y(ring, n, b);
            int worst = -1;
            double worstDistance = tolerance;
            for (int i = a + 1; i < b; i++) {
                double d = distance(x(ring, n, i), y(ring, n, i), ax, ay, bx, by);
                if (d > worstDistance) {
                    worstDistance = d;
                    worst = i;
                }
            }
            if (worst >= 0) {
                keep[worst] = true;
                stack[top++] = a;
                stack[top++] = worst;
                stack[top++] = worst;
                stack[top++] = b;
            }
        }
    }

    private static double x(double[] ring, int n, int i) {
        return ring[2 * (i % n)];
    }

    private static double y(double[] ring, int n, int i) {
        return ring[2 * (i % n) + 1];
    }

    /** Returns the distance from point p to the segment a-b. */
    private static double distance(
            double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double length2 = dx * dx + dy * dy;
        double t = length2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / length2;
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    }

    /**
     * Returns the area a polygon encloses (the shoelace formula), whatever its orientation.
     *
     * @param ring the polygon as {@code [x0, y0, x1, y1, ...]}
     * @return the enclosed area in square pixels
     */
    public static double area(double[] ring) {
        int n = ring.length / 2;
        double twice = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            twice += ring[2 * i] * ring[2 * j + 1] - ring[2 * j] * ring[2 * i + 1];
        }
        return Math.abs(twice) / 2;
    }

    /**
     * Returns a polygon's box.
     *
     * @param ring the polygon as {@code [x0, y0, x1, y1, ...]}, at least one point
     * @return {@code [x, y, width, height]}
     */
    public static double[] bbox(double[] ring) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < ring.length; i += 2) {
            x0 = Math.min(x0, ring[i]);
            x1 = Math.max(x1, ring[i]);
            y0 = Math.min(y0, ring[i + 1]);
            y1 = Math.max(y1, ring[i + 1]);
        }
        return new double[] {x0, y0, x1 - x0, y1 - y0};
    }
}
