package dev.annogan.examples.demo;

import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * What the demo generates and trains.
 *
 * @param out the output folder
 * @param trainImages images of the training folder; {@code heldOut} of them validate each epoch
 * @param newImages images of the folder that the trained annotators pre-annotate and that the table
 *     evaluates; no run trains or validates on them
 * @param size the image side in pixels, a multiple of 8
 * @param seed the seed of the training folder, the splits and the networks; the new images use
 *     {@code seed + 1}
 * @param scene the scene style of both folders
 * @param labelledFraction the fraction of training images that keep their labels
 * @param heldOut the fraction of the training folder held out for per-epoch validation
 * @param segmenterEpochs the segmenter's epochs
 * @param taggerEpochs the tagger's epochs
 * @param segmenterWidth the channels of the segmenter's first level
 * @param taggerWidth the channels of the tagger's first convolution
 * @param learningRate Adam's learning rate for every run
 * @param workers how many trainings run at once
 */
public record DemoSettings(
        Path out,
        int trainImages,
        int newImages,
        int size,
        long seed,
        Scene scene,
        double labelledFraction,
        double heldOut,
        int segmenterEpochs,
        int taggerEpochs,
        int segmenterWidth,
        int taggerWidth,
        float learningRate,
        int workers) {

    /**
     * The scene style of the demo's shapes.
     *
     * @param minShapes the least number of shapes an image gets
     * @param maxShapes the most
     * @param minSize the least shape radius, a fraction of the side
     * @param maxSize the largest
     * @param crowdFraction the fraction of images with a crowd region
     */
    public record Scene(
            int minShapes, int maxShapes, double minSize, double maxSize, double crowdFraction) {

        /**
         * Returns the demo's style: one or two large shapes and no crowds, so that small images
         * still show each shape's outline and a short run can learn them. The benchmarks keep the
         * generator's harder default.
         */
        public static Scene demo() {
            return new Scene(1, 2, 0.25, 0.45, 0);
        }

        /** Applies the style to a generator's builder. */
        public ShapesDatasetGenerator.Builder applyTo(ShapesDatasetGenerator.Builder builder) {
            return builder.optShapesPerImage(minShapes, maxShapes)
                    .optShapeSize(minSize, maxSize)
                    .optCrowdFraction(crowdFraction);
        }
    }

    /** Returns the labelled fraction as people say it: "1/8", or a percentage. */
    public String labelledFractionText() {
        double inverse = 1 / labelledFraction;
        return Math.abs(inverse - Math.round(inverse)) < 1e-9
                ? "1/" + Math.round(inverse)
                : String.format(Locale.ROOT, "%.3g%%", 100 * labelledFraction);
    }

    /** Returns the settings as properties, which {@link #fromProperties} reads back. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("out", out.toString());
        p.setProperty("trainImages", Integer.toString(trainImages));
        p.setProperty("newImages", Integer.toString(newImages));
        p.setProperty("size", Integer.toString(size));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("scene.minShapes", Integer.toString(scene.minShapes()));
        p.setProperty("scene.maxShapes", Integer.toString(scene.maxShapes()));
        p.setProperty("scene.minSize", Double.toString(scene.minSize()));
        p.setProperty("scene.maxSize", Double.toString(scene.maxSize()));
        p.setProperty("scene.crowdFraction", Double.toString(scene.crowdFraction()));
        p.setProperty("labelledFraction", Double.toString(labelledFraction));
        p.setProperty("heldOut", Double.toString(heldOut));
        p.setProperty("segmenterEpochs", Integer.toString(segmenterEpochs));
        p.setProperty("taggerEpochs", Integer.toString(taggerEpochs));
        p.setProperty("segmenterWidth", Integer.toString(segmenterWidth));
        p.setProperty("taggerWidth", Integer.toString(taggerWidth));
        p.setProperty("learningRate", Float.toString(learningRate));
        p.setProperty("workers", Integer.toString(workers));
        return p;
    }

    /**
     * Reads settings written by {@link #toProperties}.
     *
     * @throws IllegalArgumentException naming a missing or malformed property
     */
    public static DemoSettings fromProperties(Properties p) {
        return new DemoSettings(
                Path.of(text(p, "out")),
                number(p, "trainImages", Integer::parseInt),
                number(p, "newImages", Integer::parseInt),
                number(p, "size", Integer::parseInt),
                number(p, "seed", Long::parseLong),
                new Scene(
                        number(p, "scene.minShapes", Integer::parseInt),
                        number(p, "scene.maxShapes", Integer::parseInt),
                        number(p, "scene.minSize", Double::parseDouble),
                        number(p, "scene.maxSize", Double::parseDouble),
                        number(p, "scene.crowdFraction", Double::parseDouble)),
                number(p, "labelledFraction", Double::parseDouble),
                number(p, "heldOut", Double::parseDouble),
                number(p, "segmenterEpochs", Integer::parseInt),
                number(p, "taggerEpochs", Integer::parseInt),
                number(p, "segmenterWidth", Integer::parseInt),
                number(p, "taggerWidth", Integer::parseInt),
                number(p, "learningRate", Float::parseFloat),
                number(p, "workers", Integer::parseInt));
    }

    private static <T> T number(
            Properties p, String key, java.util.function.Function<String, T> parse) {
        String value = text(p, key);
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "demo settings: " + key + " is not a number: '" + value + "'");
        }
    }

    private static String text(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("demo settings: missing " + key);
        }
        return value;
    }

    /** Returns the settings {@code annogan demo} uses by default, writing into {@code out}. */
    public static DemoSettings defaults(Path out) {
        return new DemoSettings(
                out, 2000, 200, 32, 42, Scene.demo(), 0.125, 0.1, 5, 8, 16, 16, 3e-3f, 2);
    }
}
