package dev.annogan.datasets.coco.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a pixel mask into COCO polygons: one polygon per 4-connected region, tracing the region's
 * outer boundary along pixel edges, with a vertex wherever the boundary turns.
 *
 * <p>Annotation tools import polygons more widely than run-length masks (Label Studio's COCO import
 * reads the first polygon of each annotation and no RLE), and one region per annotation lets a
 * reviewer delete or fix each object on its own. COCO polygons cannot have holes, so a region's
 * holes are filled. The vertices lie on pixel corners, {@code (x, y)} being the top-left corner of
 * pixel {@code (x, y)}, so a region's polygon encloses exactly its pixels and its holes.
 *
 * <pre>{@code
 * for (MaskPolygons.Region region : MaskPolygons.regions(mask, h, w)) {
 *     double[] xy = region.polygon(); // [x0, y0, x1, y1, ...]
 * }
 * }</pre>
 */
public final class MaskPolygons {

    // Directions in the order of clockwise turns on screen (y down): east, south, west, north.
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    private MaskPolygons() {}

    /**
     * One connected region of a mask.
     *
     * @param polygon the outer boundary as {@code [x0, y0, x1, y1, ...]}, clockwise on screen
     * @param area the number of pixels in the region (holes not counted)
     * @param bbox the region's box {@code [x, y, width, height]}
     * @param pixels the region's pixels as row-major indices {@code y * w + x}, in fill order
     */
    public record Region(double[] polygon, long area, double[] bbox, int[] pixels) {}

    /**
     * Returns the 4-connected regions of a mask's non-zero pixels, ordered by their first pixel in
     * row-major order.
     *
     * @param mask {@code h * w} bytes, row-major; any non-zero byte is foreground
     * @param h the mask height
     * @param w the mask width
     * @return the regions
     * @throws IllegalArgumentException if the mask's length is not {@code h * w}
     */
    public static List<Region> regions(byte[] mask, int h, int w) {
        if (h < 1 || w < 1 || mask.length != (long) h * w) {
            throw new IllegalArgumentException(
                    "a "
                            + h
                            + "x"
                            + w
                            + " mask needs "
                            + (long) h * w
                            + " bytes, got "
                            + mask.length);
        }
        int[] labels = new int[h * w];
        int[] queue = new int[h * w];
        List<Region> regions = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || labels[start] != 0) {
                continue;
            }
            int label = ++next;
            // Breadth-first fill of the region, keeping its size and box.
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            labels[start] = label;
            int x0 = w;
            int y0 = h;
            int x1 = -1;
            int y1 = -1;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w;
                int y = p / w;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
                for (int d = 0; d < 4; d++) {
                    int nx = x + DX[d];
                    int ny = y + DY[d];
                    if (nx >= 0 && nx < w && ny >= 0 && ny < h) {
                        int q = ny * w + nx;
                        if (mask[q] != 0 && labels[q] == 0) {
                            labels[q] = label;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            double[] polygon = trace(labels, label, start % w, start / w, h, w);
            regions.add(
                    new Region(
                            polygon,
                            tail,
                            new double[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1},
                            Arrays.copyOf(queue, tail)));
        }
        return regions;
    }

    /**
     * Walks the region's outer boundary from the top edge of its first pixel, keeping the region on
     * the right, and returns the corners where the walk turns.
     */
    private static double[] trace(int[] labels, int label, int startX, int startY, int h, int w) {
        double[] corners = new double[16];
        int n = 0;
        int x = startX;
        int y = startY;
        int d = 0;
        do {
            x += DX[d];
            y += DY[d];
            int turned = turn(labels, label, x, y, d, h, w);
            if (turned != d) {
                if (n + 2 > corners.length) {
                    corners = Arrays.copyOf(corners, corners.length * 2);
                }
                corners[n++] = x;
                corners[n++] = y;
                d = turned;
            }
        } while (x != startX || y != startY || d != 0);
        return Arrays.copyOf(corners, n);
    }

    /**
     * Returns the direction to leave corner {@code (x, y)} by, arriving in direction {@code d}:
     * right if the pixel ahead on the right is outside, left if both pixels ahead are inside, else
     * straight on. Diagonal neighbours do not connect (4-connectivity), hence right first.
     */
    private static int turn(int[] labels, int label, int x, int y, int d, int h, int w) {
        // The pixels ahead of corner (x, y): the one on the right and the one on the left.
        int rx;
        int ry;
        int lx;
        int ly;
        switch (d) {
            case 0 -> {
                rx = x;
                ry = y;
                lx = x;
                ly = y - 1;
            }
            case 1 -> {
                rx = x - 1;
                ry = y;
                lx = x;
                ly = y;
            }
            case 2 -> {
                rx = x - 1;
                ry = y - 1;
                lx = x - 1;
                ly = y;
            }
            default -> {
                rx = x;
                ry = y - 1;
                lx = x - 1;
                ly = y - 1;
            }
        }
        if (!inside(labels, label, rx, ry, h, w)) {
            return (d + 1) % 4;
        }
        if (inside(labels, label, lx, ly, h, w)) {
            return (d + 3) % 4;
        }
        return d;
    }

    private static boolean inside(int[] labels, int label, int x, int y, int h, int w) {
        return x >= 0 && x < w && y >= 0 && y < h && labels[y * w + x] == label;
    }
}
