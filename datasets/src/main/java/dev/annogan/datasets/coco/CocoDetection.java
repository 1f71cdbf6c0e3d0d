package dev.annogan.datasets.coco;

/**
 * One prediction in the COCO results format: an image, a category, a score, and a box or a mask.
 *
 * @param imageId the image the prediction is for
 * @param categoryId the predicted COCO category id
 * @param bbox the box {@code [x, y, width, height]}, or {@code null} for a segmentation result
 * @param segmentation the mask (compressed RLE in files), or {@code null} for a box result
 * @param score the confidence; evaluation ranks predictions by it
 */
public record CocoDetection(
        long imageId, int categoryId, double[] bbox, Segmentation segmentation, double score) {}
