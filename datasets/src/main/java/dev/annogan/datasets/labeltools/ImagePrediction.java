package dev.annogan.datasets.labeltools;

import dev.annogan.datasets.coco.CocoImage;
import java.util.List;

/**
 * What an annotator predicted for one image, as a reviewer should see it: the tags or the object
 * regions that passed the threshold, each with its own score, and how sure the model was of the
 * image as a whole (which orders a review queue).
 *
 * @param image the image's id, file name (relative to the annotated folder) and size
 * @param tags the tags above the threshold (a tagger's), else empty
 * @param regions the object regions above the threshold (a segmenter's), else empty
 * @param confidence how sure the model was of the whole image, in {@code [0, 1]}: for a tagger the
 *     least decided tag ({@code max(p, 1 - p)}), for a segmenter the mean probability of every
 *     pixel's class
 */
public record ImagePrediction(
        CocoImage image, List<Tag> tags, List<Region> regions, double confidence) {

    /** Copies the lists. */
    public ImagePrediction {
        tags = List.copyOf(tags);
        regions = List.copyOf(regions);
    }

    /**
     * One image-level label.
     *
     * @param category the index of the category in the annotator's category list
     * @param score its probability
     */
    public record Tag(int category, double score) {}

    /**
     * One object: a connected region of one category.
     *
     * @param category the index of the category in the annotator's category list
     * @param polygon its outline in pixels, {@code [x0, y0, x1, y1, ...]}, at least 3 points
     * @param score how sure the annotator is of the object: for AnnoGAN's segmenters the mean
     *     probability of the category inside it times the share of the category's pixels in the
     *     image it holds
     */
    public record Region(int category, double[] polygon, double score) {}
}
