package dev.annogan.datasets.coco.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masks become one polygon per 4-connected region, on pixel corners. */
class MaskPolygonsTest {

    @Test
    void aSinglePixelIsItsFourCornersClockwise() {
        byte[] mask = new byte[4 * 3];
        mask[1 * 4 + 2] = 1;
        List<MaskPolygons.Region> regions = MaskPolygons.regions(mask, 3, 4);
        assertEquals(1, regions.size());
        assertArrayEquals(new double[] {3, 1, 3, 2, 2, 2, 2, 1}, regions.get(0).polygon());
        assertEquals(1, regions.get(0).area());
        assertArrayEquals(new double[] {2, 1, 1, 1}, regions.get(0).bbox());
    }

    @Test
    void anLShapeHasSixCorners() {
        // X .
        // X X
        byte[] mask = {1, 0, 1, 1};
        MaskPolygons.Region region = MaskPolygons.regions(mask, 2, 2).get(0);
        assertArrayEquals(new double[] {1, 0, 1, 1, 2, 1, 2, 2, 0, 2, 0, 0}, region.polygon());
        assertEquals(3, region.area());
    }

    @Test
    void diagonalNeighboursAreSeparateRegions() {
        byte[] mask = {1, 0, 0, 1};
        List<MaskPolygons.Region> regions = MaskPolygons.regions(mask, 2, 2);
        assertEquals(2, regions.size());
        assertArrayEquals(new double[] {1, 1, 1, 1}, regions.get(1).bbox());
    }

    @Test
    void aHoleIsFilledByTheOuterBoundary() {
        byte[] mask = new byte[9];
        java.util.Arrays.fill(mask, (byte) 1);
        mask[4] = 0;
        MaskPolygons.Region region = MaskPolygons.regions(mask, 3, 3).get(0);
        assertArrayEquals(new double[] {3, 0, 3, 3, 0, 3, 0, 0}, region.polygon());
        assertEquals(8, region.area());
    }

    @Test
    void polygonsRasteriseBackToTheirRegionsAsPycocotoolsWould() {
        Random random = new Random(7);
        int h = 23;
        int w = 31;
        for (int trial = 0; trial < 20; trial++) {
            byte[] mask = blobs(random, h, w);
            List<MaskPolygons.Region> regions = MaskPolygons.regions(mask, h, w);
            long pixels = 0;
            for (MaskPolygons.Region region : regions) {
                RunLengthMask traced = RunLengthMask.fromPolygon(region.polygon(), h, w);
                assertEquals(region.area(), traced.area(), "trial " + trial);
                pixels += traced.area();
            }
            RunLengthMask original = RunLengthMask.fromBinary(mask, h, w, true);
            RunLengthMask union =
                    RunLengthMask.union(
                            regions.stream()
                                    .map(r -> RunLengthMask.fromPolygon(r.polygon(), h, w))
                                    .toList());
            assertEquals(original, union, "trial " + trial);
            assertEquals(original.area(), pixels, "trial " + trial);
        }
    }

    /** Returns a mask of a few filled discs and rectangles, which have no holes. */
    private static byte[] blobs(Random random, int h, int w) {
        byte[] mask = new byte[h * w];
        for (int b = 0; b < 4; b++) {
            int cx = random.nextInt(w);
            int cy = random.nextInt(h);
            int r = 1 + random.nextInt(6);
            boolean disc = random.nextBoolean();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int dx = x - cx;
                    int dy = y - cy;
                    if (disc ? dx * dx + dy * dy <= r * r : Math.abs(dx) <= r && Math.abs(dy) < r) {
                        mask[y * w + x] = 1;
                    }
                }
            }
        }
        return mask;
    }
}
