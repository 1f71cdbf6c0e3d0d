package dev.annogan.datasets.sampling;

import java.util.Objects;

/**
 * Generated images with the classes they were generated for, to add to the labelled pool of a run
 * ({@link ClassifierData#withSynthetic}), and a description of where they came from for the run's
 * {@code result.json}.
 *
 * @param images {@code count * side * side} pixel values in {@code [-1, 1]}, one grey image after
 *     the other
 * @param classes the class of each image
 * @param side the images' side in pixels
 * @param perClass images per class
 * @param sourceJson a JSON object saying how they were made (generator, checkpoint, seed)
 */
public record SyntheticImages(
        float[] images, int[] classes, int side, int perClass, String sourceJson) {

    /**
     * Checks that there is one image per class entry.
     *
     * @throws IllegalArgumentException if the pixel count does not match
     */
    public SyntheticImages {
        Objects.requireNonNull(sourceJson, "sourceJson");
        if (images.length != (long) classes.length * side * side) {
            throw new IllegalArgumentException(
                    images.length
                            + " pixel values are not "
                            + classes.length
                            + " images of "
                            + side
                            + " x "
                            + side);
        }
    }

    /** Returns the number of images. */
    public int count() {
        return classes.length;
    }

    /** Returns the JSON object {@code result.json} records them by. */
    public String toJson() {
        return String.format(
                "{\"images\": %d, \"perClass\": %d, \"source\": %s}",
                count(), perClass, sourceJson);
    }
}
