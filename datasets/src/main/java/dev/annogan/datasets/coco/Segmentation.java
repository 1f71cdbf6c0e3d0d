package dev.annogan.datasets.coco;

import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.util.List;

/**
 * The three shapes a COCO {@code segmentation} field takes. Which one an annotation uses is decided
 * by the file: polygons for ordinary objects, run-length encodings (usually uncompressed) for
 * crowds, compressed run-length encodings in results files.
 */
public sealed interface Segmentation {

    /**
     * Returns the mask this segmentation covers in an {@code h×w} image, as pycocotools' {@code
     * annToRLE}: polygons are rasterised, run-length encodings decoded.
     *
     * @throws IllegalArgumentException if a run-length segmentation's size is not {@code [h, w]} or
     *     its counts are invalid
     */
    default RunLengthMask toMask(int h, int w) {
        // Java 17 has no pattern switch; Segmentation is sealed, so these three are all kinds.
        if (this instanceof Polygons polygons) {
            return RunLengthMask.fromPolygons(polygons.rings(), h, w);
        }
        if (this instanceof Rle rle) {
            checkSize(rle.height(), rle.width(), h, w);
            return RunLengthMask.fromCounts(h, w, rle.counts());
        }
        CompressedRle rle = (CompressedRle) this;
        checkSize(rle.height(), rle.width(), h, w);
        return RunLengthMask.fromCompressed(h, w, rle.counts());
    }

    private static void checkSize(int rleHeight, int rleWidth, int h, int w) {
        if (rleHeight != h || rleWidth != w) {
            throw new IllegalArgumentException(
                    "segmentation size ["
                            + rleHeight
                            + ", "
                            + rleWidth
                            + "] differs from the image size ["
                            + h
                            + ", "
                            + w
                            + "]");
        }
    }

    /**
     * One or more polygons, each a flat {@code [x0, y0, x1, y1, ...]} list in pixel coordinates.
     *
     * @param rings the polygons, each with at least three points
     */
    record Polygons(List<double[]> rings) implements Segmentation {}

    /**
     * A run-length encoding with its counts as a list of integers, column-major, starting with a
     * run of zeros.
     *
     * @param height the mask height
     * @param width the mask width
     * @param counts the run lengths, summing to {@code height * width}
     */
    record Rle(int height, int width, int[] counts) implements Segmentation {}

    /**
     * A run-length encoding whose counts are pycocotools' compressed ASCII string.
     *
     * @param height the mask height
     * @param width the mask width
     * @param counts the compressed counts string
     */
    record CompressedRle(int height, int width, String counts) implements Segmentation {}
}
