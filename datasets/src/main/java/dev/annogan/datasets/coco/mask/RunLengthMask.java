package dev.annogan.datasets.coco.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask stored as run lengths, with pycocotools' conventions: pixels are read column by
 * column (column-major), the first run counts zeros (it may be empty), and runs alternate between
 * zeros and ones. Immutable.
 *
 * <p>Every conversion reproduces pycocotools bit for bit, so masks, areas, boxes and overlaps match
 * the official COCO evaluation. Union, intersection, area and IoU work on the runs without decoding
 * the pixels.
 *
 * <pre>{@code
 * RunLengthMask mask = annotation.segmentation().toMask(h, w);
 * String counts = mask.toCompressedString(); // as in a COCO results file
 * }</pre>
 */
public final class RunLengthMask {

    private final int height;
    private final int width;
    private final int[] counts;

    /** Wraps runs already known to be valid; every public factory validates or builds them. */
    private RunLengthMask(int height, int width, int[] counts) {
        this.height = height;
        this.width = width;
        this.counts = counts;
    }

    /**
     * Creates a mask from run lengths, kept exactly as given (empty runs included).
     *
     * @param h the mask height
     * @param w the mask width
     * @param counts the run lengths, column-major, starting with a run of zeros
     * @throws IllegalArgumentException if a size or run is negative, there are no runs, or the runs
     *     do not sum to {@code h * w}
     */
    public static RunLengthMask fromCounts(int h, int w, int[] counts) {
        checkSize(h, w);
        if (counts.length == 0) {
            throw new IllegalArgumentException("counts are empty; an empty mask has counts [h*w]");
        }
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "] is negative: " + counts[i]);
            }
            sum += counts[i];
        }
        if (sum != (long) h * w) {
            throw new IllegalArgumentException(
                    "counts sum to "
                            + sum
                            + " but a "
                            + h
                            + "x"
                            + w
                            + " mask has "
                            + (long) h * w
                            + " pixels");
        }
        return new RunLengthMask(h, w, counts.clone());
    }

    /**
     * Decodes pycocotools' compressed counts string (the {@code counts} of a compressed RLE).
     *
     * @throws IllegalArgumentException if the string is malformed or its runs do not sum to {@code
     *     h * w}
     */
    public static RunLengthMask fromCompressed(int h, int w, String counts) {
        return fromCounts(h, w, CompressedCounts.decode(counts));
    }

    /**
     * Rasterises one polygon {@code [x0, y0, x1, y1, ...]} exactly as pycocotools' {@code
     * rleFrPoly}. A trailing odd coordinate is ignored, as there.
     */
    public static RunLengthMask fromPolygon(double[] xy, int h, int w) {
        checkSize(h, w);
        return new RunLengthMask(h, w, PolygonRasterizer.rasterize(xy, h, w));
    }

    /**
     * Rasterises an object's polygons and unites them, as pycocotools' {@code frPyObjects} followed
     * by {@code merge}. No rings gives an empty mask.
     *
     * <p>pycocotools decides the kind of the whole list by its first ring: when that ring has
     * exactly four numbers, every ring is read as a box {@code [x, y, w, h]}. This method does the
     * same so that such (rare, malformed) annotations get the official mask.
     *
     * @throws IllegalArgumentException if the first ring has fewer than four numbers, or it has
     *     four and another ring does not (pycocotools rejects both)
     */
    public static RunLengthMask fromPolygons(List<double[]> rings, int h, int w) {
        checkSize(h, w);
        if (rings.isEmpty()) {
            return new RunLengthMask(h, w, new int[] {h * w});
        }
        int firstLength = rings.get(0).length;
        if (firstLength < 4) {
            throw new IllegalArgumentException(
                    "polygon ring 0 has "
                            + firstLength
                            + " numbers; a ring needs at least 3 points");
        }
        List<RunLengthMask> parts = new ArrayList<>(rings.size());
        for (int i = 0; i < rings.size(); i++) {
            double[] ring = rings.get(i);
            if (firstLength == 4) {
                if (ring.length != 4) {
                    throw new IllegalArgumentException(
                            "ring 0 has 4 numbers, so all rings are read as boxes, but ring "
                                    + i
                                    + " has "
                                    + ring.length);
                }
                parts.add(fromBox(ring, h, w));
            } else {
                parts.add(fromPolygon(ring, h, w));
            }
        }
        return union(parts);
    }

    /**
     * Rasterises a box {@code [x, y, w, h]} as pycocotools' {@code frBbox}: as the 4-point polygon
     * of its corners.
     */
    public static RunLengthMask fromBox(double[] xywh, int h, int w) {
        if (xywh.length != 4) {
            throw new IllegalArgumentException(
                    "a box needs 4 numbers [x, y, w, h], got " + xywh.length);
        }
        double xs = xywh[0];
        double xe = xs + xywh[2];
        double ys = xywh[1];
        double ye = ys + xywh[3];
        return fromPolygon(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, h, w);
    }

    /**
     * Encodes a pixel mask; any non-zero byte is foreground.
     *
     * @param mask {@code h * w} bytes
     * @param rowMajor whether {@code mask} is stored row by row (as images usually are) rather than
     *     column by column
     */
    public static RunLengthMask fromBinary(byte[] mask, int h, int w, boolean rowMajor) {
        checkSize(h, w);
        if (mask.length != h * w) {
            throw new IllegalArgumentException(
                    "a " + h + "x" + w + " mask needs " + h * w + " bytes, got " + mask.length);
        }
        int[] runs = new int[h * w + 1];
        int m = 0;
        int run = 0;
        boolean current = false;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                boolean set = mask[rowMajor ? y * w + x : x * h + y] != 0;
                if (set != current) {
                    runs[m++] = run;
                    run = 0;
                    current = set;
                }
                run++;
            }
        }
        runs[m++] = run;
        return new RunLengthMask(h, w, Arrays.copyOf(runs, m));
    }

    /**
     * Encodes the mask of a set of pixels, in time proportional to their number rather than to the
     * image's: what a region of a large image needs.
     *
     * @param rowMajorPixels the foreground pixels as row-major indices {@code y * w + x}, each once
     * @param h the mask height
     * @param w the mask width
     * @return the mask
     * @throws IllegalArgumentException if an index lies outside the mask
     */
    public static RunLengthMask fromPixels(int[] rowMajorPixels, int h, int w) {
        checkSize(h, w);
        long area = (long) h * w;
        long[] columnMajor = new long[rowMajorPixels.length];
        for (int i = 0; i < rowMajorPixels.length; i++) {
            int p = rowMajorPixels[i];
            if (p < 0 || p >= area) {
                throw new IllegalArgumentException(
                        "pixel " + p + " lies outside a " + h + "x" + w + " mask");
            }
            columnMajor[i] = (long) (p % w) * h + p / w;
        }
        Arrays.sort(columnMajor);
        int[] runs = new int[2 * columnMajor.length + 1];
        int m = 0;
        long position = 0;
        int i = 0;
        while (i < columnMajor.length) {
            long start = columnMajor[i];
            int j = i + 1;
            while (j < columnMajor.length && columnMajor[j] == columnMajor[j - 1] + 1) {
                j++;
            }
            runs[m++] = (int) (start - position);
            runs[m++] = j - i;
            position = start + (j - i);
            i = j;
        }
        if (area > position || m == 0) {
            // As the encoder of a whole mask: no empty run after the last foreground pixel.
            runs[m++] = (int) (area - position);
        }
        return new RunLengthMask(h, w, Arrays.copyOf(runs, m));
    }

    /**
     * Decodes the mask to one byte per pixel, 1 for foreground and 0 for background.
     *
     * @param rowMajor whether to lay the pixels out row by row rather than column by column
     */
    public byte[] toBinary(boolean rowMajor) {
        byte[] pixels = new byte[height * width];
        int position = 0;
        for (int i = 0; i < counts.length; i++) {
            int end = position + counts[i];
            if (i % 2 == 1) {
                if (rowMajor) {
                    for (int p = position; p < end; p++) {
                        pixels[(p % height) * width + p / height] = 1;
                    }
                } else {
                    Arrays.fill(pixels, position, end, (byte) 1);
                }
            }
            position = end;
        }
        return pixels;
    }

    /** Returns the pycocotools compressed counts string of this mask. */
    public String toCompressedString() {
        return CompressedCounts.encode(counts);
    }

    /**
     * Returns the union of masks of one size, as pycocotools' {@code merge(rles, intersect=False)}.
     *
     * @throws IllegalArgumentException if the list is empty or the sizes differ
     */
    public static RunLengthMask union(List<RunLengthMask> masks) {
        return merged(masks, false);
    }

    /**
     * Returns the intersection of masks of one size, as pycocotools' {@code merge(rles,
     * intersect=True)}.
     *
     * @throws IllegalArgumentException if the list is empty or the sizes differ
     */
    public static RunLengthMask intersection(List<RunLengthMask> masks) {
        return merged(masks, true);
    }

    private static RunLengthMask merged(List<RunLengthMask> masks, boolean intersect) {
        if (masks.size() == 1) {
            return masks.get(0);
        }
        int[] runs = MaskMerge.merge(masks, intersect);
        return new RunLengthMask(masks.get(0).height, masks.get(0).width, runs);
    }

    /** Returns the number of foreground pixels. */
    public long area() {
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) {
            area += counts[i];
        }
        return area;
    }

    /**
     * Returns the bounding box {@code [x, y, w, h]} of the foreground, as pycocotools' {@code
     * toBbox}: {@code [0, 0, 0, 0]} when there are fewer than two runs, and the full height when a
     * foreground run wraps from one column into the next.
     */
    public double[] toBbox() {
        return MaskBounds.of(counts, height, width);
    }

    /**
     * Returns the IoU matrix {@code iou[d][g]} between detected and ground-truth masks, as
     * pycocotools' {@code iou}. For a crowd region the denominator is the detection's area, so the
     * value is the fraction of the detection inside the crowd. A pair of masks of different sizes
     * gets -1.
     *
     * @param gtIsCrowd one flag per ground-truth mask, or {@code null} for no crowds
     */
    public static double[][] iou(
            List<RunLengthMask> dt, List<RunLengthMask> gt, boolean[] gtIsCrowd) {
        return IntersectionOverUnion.ofMasks(dt, gt, gtIsCrowd);
    }

    /**
     * Returns the IoU matrix {@code iou[d][g]} between detected and ground-truth boxes {@code [x,
     * y, w, h]}, as pycocotools' {@code iou} on boxes, with the same crowd rule as {@link #iou}.
     *
     * @param gtIsCrowd one flag per ground-truth box, or {@code null} for no crowds
     */
    public static double[][] boxIou(List<double[]> dt, List<double[]> gt, boolean[] gtIsCrowd) {
        return IntersectionOverUnion.ofBoxes(dt, gt, gtIsCrowd);
    }

    /** Returns the mask height. */
    public int height() {
        return height;
    }

    /** Returns the mask width. */
    public int width() {
        return width;
    }

    /** Returns a copy of the run lengths. */
    public int[] counts() {
        return counts.clone();
    }

    /** Returns the run lengths without copying, for this package's loops; never modify them. */
    int[] countsView() {
        return counts;
    }

    /**
     * Returns whether the other object is a mask of the same size with the same runs. Two run lists
     * for the same pixels can differ in empty runs; like pycocotools' strings, they are unequal.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof RunLengthMask mask
                && height == mask.height
                && width == mask.width
                && Arrays.equals(counts, mask.counts);
    }

    /** Returns a hash of the size and runs. */
    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    /** Returns the size, area and compressed counts, for messages and debugging. */
    @Override
    public String toString() {
        return "RunLengthMask["
                + height
                + "x"
                + width
                + ", area="
                + area()
                + ", counts="
                + toCompressedString()
                + "]";
    }

    private static void checkSize(int h, int w) {
        if (h < 0 || w < 0) {
            throw new IllegalArgumentException("mask size " + h + "x" + w + " is negative");
        }
        if ((long) h * w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "mask size " + h + "x" + w + " exceeds 2^31-1 pixels");
        }
    }
}
