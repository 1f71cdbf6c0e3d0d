package dev.annogan.core.annotate;

import ai.djl.modality.cv.output.CategoryMask;
import java.util.List;

/**
 * A DJL {@link CategoryMask} that also says how sure the segmenter was: per pixel, the softmax
 * probability of the class the pixel was given, and per class the mean of it over the class's
 * pixels. Scores of regions are made from the first (AnnoGAN's annotate sums a region's
 * confidences); any code that expects a {@code CategoryMask} reads it as one.
 */
public class ScoredCategoryMask extends CategoryMask {

    private final double[] scores;
    private final float[][] confidence;

    /**
     * Creates the mask.
     *
     * @param classes the class names, index 0 the background
     * @param mask the class index of each pixel, {@code [row][column]} at the original image size
     * @param scores the score of each class, 0 for a class no pixel has
     * @param confidence the probability of each pixel's class, {@code [row][column]} like {@code
     *     mask}
     * @throws IllegalArgumentException if the sizes disagree
     */
    public ScoredCategoryMask(
            List<String> classes, int[][] mask, double[] scores, float[][] confidence) {
        super(classes, mask);
        if (scores.length != classes.size()) {
            throw new IllegalArgumentException(
                    scores.length + " scores for " + classes.size() + " classes");
        }
        if (confidence.length != mask.length
                || (mask.length > 0 && confidence[0].length != mask[0].length)) {
            throw new IllegalArgumentException("the confidence map is not the mask's size");
        }
        this.scores = scores.clone();
        this.confidence = confidence;
    }

    /**
     * Returns the probability the segmenter gave the class of one pixel.
     *
     * @param row the pixel's row
     * @param column the pixel's column
     * @return the softmax probability of the pixel's class, in {@code [0, 1]}
     */
    public float getConfidence(int row, int column) {
        return confidence[row][column];
    }

    /**
     * Returns the score of one class.
     *
     * @param classIndex an index into {@link #getClasses()}
     * @return the mean probability over the class's pixels, 0 if it has none
     */
    public double getScore(int classIndex) {
        return scores[classIndex];
    }
}
