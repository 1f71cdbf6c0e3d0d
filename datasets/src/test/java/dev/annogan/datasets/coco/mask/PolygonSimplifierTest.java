package dev.annogan.datasets.coco.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ramer–Douglas–Peucker on closed rings, and the area and box an annotation records. */
class PolygonSimplifierTest {

    @Test
    void aStaircaseWithinTheToleranceBecomesItsDiagonal() {
        // A right triangle traced along pixel edges: (0,0) -> (4,0) -> steps down to (0,4).
        double[] staircase = {0, 0, 4, 0, 4, 1, 3, 1, 3, 2, 2, 2, 2, 3, 1, 3, 1, 4, 0, 4};
        double[] simplified = PolygonSimplifier.simplify(staircase, 1.0);
        // Split at (0,0) and the farthest corner (4,1); (4,0) lies 4/sqrt(17) = 0.97 from the
        // chord to (4,1), the steps at most 0.6 from (4,1)-(0,4): all within 1 pixel.
        assertArrayEquals(new double[] {0, 0, 4, 1, 0, 4}, simplified);
        assertArrayEquals(new double[] {0, 0, 4, 4}, PolygonSimplifier.bbox(simplified));
        // With half a pixel more corners stay, and every corner dropped lies within it.
        double[] finer = PolygonSimplifier.simplify(staircase, 0.5);
        assertTrue(finer.length > simplified.length && finer.length < staircase.length);
        for (double tolerance : new double[] {0.5, 1.0}) {
            double[] ring = PolygonSimplifier.simplify(staircase, tolerance);
            for (int i = 0; i < staircase.length; i += 2) {
                assertTrue(
                        distanceToBoundary(staircase[i], staircase[i + 1], ring) <= tolerance,
                        "corner " + i / 2 + " at tolerance " + tolerance);
            }
        }
    }

    private static double distanceToBoundary(double px, double py, double[] ring) {
        double best = Double.POSITIVE_INFINITY;
        int n = ring.length / 2;
        for (int i = 0; i < n; i++) {
            double ax = ring[2 * i];
            double ay = ring[2 * i + 1];
            double bx = ring[2 * ((i + 1) % n)];
            double by = ring[2 * ((i + 1) % n) + 1];
            double dx = bx - ax;
            double dy = by - ay;
            double t =
                    Math.max(
                            0,
                            Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
            best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
        }
        return best;
    }

    @Test
    void toleranceZeroAndTrianglesAreKeptAsTheyAre() {
        double[] square = {0, 0, 2, 0, 2, 2, 0, 2};
        assertArrayEquals(square, PolygonSimplifier.simplify(square, 0));
        double[] triangle = {0, 0, 5, 0, 0, 5};
        assertArrayEquals(triangle, PolygonSimplifier.simplify(triangle, 10));
    }

    @Test
    void aPolygonThatWouldCollapseKeepsItsCorners() {
        // A 1-pixel-high sliver: with a 2-pixel tolerance only its two ends would remain.
        double[] sliver = {0, 0, 10, 0, 10, 1, 0, 1};
        double[] simplified = PolygonSimplifier.simplify(sliver, 2);
        assertTrue(simplified.length >= 6, "at least 3 points");
    }

    @Test
    void areaIsTheShoelaceOfEitherOrientation() {
        double[] clockwise = {0, 0, 3, 0, 3, 2, 0, 2};
        double[] counter = {0, 0, 0, 2, 3, 2, 3, 0};
        assertEquals(6, PolygonSimplifier.area(clockwise), 0);
        assertEquals(6, PolygonSimplifier.area(counter), 0);
        assertEquals(10, PolygonSimplifier.area(new double[] {0, 0, 4, 0, 4, 1, 0, 4}), 0);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PolygonSimplifier.simplify(new double[] {0, 0, 1}, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> PolygonSimplifier.simplify(new double[] {0, 0, 1, 0, 1, 1}, -1));
    }

    @Test
    void aRegionsPixelsAreItsOwn() {
        // Two regions: a 2x2 block and a single pixel; pixels are row-major indices.
        byte[] mask = {
            1, 1, 0, 0,
            1, 1, 0, 1,
            0, 0, 0, 0
        };
        var regions = MaskPolygons.regions(mask, 3, 4);
        assertEquals(2, regions.size());
        int[] block = regions.get(0).pixels().clone();
        java.util.Arrays.sort(block);
        assertArrayEquals(new int[] {0, 1, 4, 5}, block);
        assertArrayEquals(new int[] {7}, regions.get(1).pixels());
        assertEquals(regions.get(0).area(), regions.get(0).pixels().length);
    }
}
