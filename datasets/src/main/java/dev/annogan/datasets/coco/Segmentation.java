package dev.annogan.datasets.coco;

import java.util.List;

/**
 * The three shapes a COCO {@code segmentation} field takes. Which one an annotation uses is decided
 * by the file: polygons for ordinary objects, run-length encodings (usually uncompressed) for
 * crowds, compressed run-length encodings in results files.
 */
public sealed interface Segmentation {

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
