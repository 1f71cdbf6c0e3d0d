package dev.annogan.datasets.coco;

import dev.annogan.datasets.coco.mask.RunLengthMask;

/**
 * One prediction in the COCO results format: an image, a category, a score, and a box or a mask, or
 * neither for an image-level label (a tag), which pycocotools' {@code loadRes} also accepts.
 *
 * @param imageId the image the prediction is for
 * @param categoryId the predicted COCO category id
 * @param bbox the box {@code [x, y, width, height]}, or {@code null} for a segmentation result or a
 *     tag
 * @param segmentation the mask (compressed RLE in files), or {@code null} for a box result or a tag
 * @param score the confidence; evaluation ranks predictions by it
 */
public record CocoPrediction(
        long imageId, int categoryId, double[] bbox, Segmentation segmentation, double score) {

    /** Returns an image-level label: the image shows the category, with this confidence. */
    public static CocoPrediction ofTag(long imageId, int categoryId, double score) {
        return new CocoPrediction(imageId, categoryId, null, null, score);
    }

    /** Returns whether this is an image-level label, with neither box nor mask. */
    public boolean isTag() {
        return bbox == null && segmentation == null;
    }

    /** Returns a box prediction. */
    public static CocoPrediction ofBox(long imageId, int categoryId, double[] bbox, double score) {
        return new CocoPrediction(imageId, categoryId, bbox.clone(), null, score);
    }

    /**
     * Returns a mask prediction with the mask as compressed RLE (as results files carry masks) and
     * its bounding box, so the one detection serves both bbox and segm evaluation.
     */
    public static CocoPrediction ofMask(
            long imageId, int categoryId, RunLengthMask mask, double score) {
        return new CocoPrediction(
                imageId,
                categoryId,
                mask.toBbox(),
                new Segmentation.CompressedRle(
                        mask.height(), mask.width(), mask.toCompressedString()),
                score);
    }
}
