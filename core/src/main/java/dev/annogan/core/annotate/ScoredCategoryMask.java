package dev.annogan.core.annotate;

import ai.djl.modality.cv.output.CategoryMask;
import java.util.List;

/**
 * A DJL {@link CategoryMask} that also says how sure the segmenter was of each class: the mean,
 * over the pixels given that class, of its softmax probability. COCO results need one score per
 * predicted mask, and this is it; any code that expects a {@code CategoryMask} reads it as one.
 */
public class ScoredCategoryMask extends CategoryMask {

    private final double[] scores;

    /**
     * Creates the mask.
     *
     * @param classes the class names, index 0 the background
     * @param mask the class index of each pixel, {@code [row][column]} at the original image size
     * @param scores the score of each class, 0 for a class no pixel has
     */
    public ScoredCategoryMask(List<String> classes, int[][] mask, double[] scores) {
        super(classes, mask);
        if (scores.length != classes.size()) {
            throw new IllegalArgumentException(
                    scores.length + " scores for " + classes.size() + " classes");
        }
        this.scores = scores.clone();
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
