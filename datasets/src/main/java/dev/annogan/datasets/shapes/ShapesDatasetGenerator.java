package dev.annogan.datasets.shapes;

import ai.djl.util.Progress;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoWriter;
import dev.annogan.datasets.coco.Segmentation;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic, seeded COCO-format dataset of simple shapes: a quick, exactly labelled
 * stand-in for COCO when testing detection, segmentation and tagging pipelines end to end.
 *
 * <p>The folder gets {@code images/000001.png, ...} and {@code annotations.json}. Images are PNG so
 * pixels are stored exactly as drawn (JPEG would blur the shape edges that the polygons describe).
 * Each image has a textured background, 2 to 6 (by default) shapes of the {@link ShapeKind}
 * classes, mostly from one of the kinds' {@link ShapeKind#THEMES themes} so that labels co-occur,
 * with random colours, sizes and rotations, later shapes partly covering earlier ones, and pixel
 * noise; a fraction of images also has a crowd region ({@code iscrowd = 1}), a cluster of small
 * same-class shapes. As in COCO:
 *
 * <ul>
 *   <li>a shape's polygon is its exact full outline even where later shapes cover it (circles
 *       become many-vertex polygons), every vertex within the image; its box is the polygon's box
 *       clipped to the image, and its area the pixel count of the polygon's mask as pycocotools
 *       rasterises it;
 *   <li>a crowd's segmentation is an uncompressed run-length encoding (column-major, first run
 *       zeros) of the pixels its shapes were drawn on; area and box are the mask's.
 * </ul>
 *
 * <p>Annotations are listed per image in drawing order, back to front, so painting their masks in
 * file order reproduces which object is visible where (exactly with Java2D's fill rule, up to edge
 * pixels with pycocotools'). The same seed gives the same files byte for byte on a given JDK,
 * whatever the thread count; {@code annotations.json} is written last and atomically, so its
 * presence means the dataset is complete.
 *
 * <pre>{@code
 * GeneratedShapes shapes = ShapesDatasetGenerator.builder()
 *         .setOutputFolder(Path.of("build/shapes"))
 *         .setImageCount(500)
 *         .optSeed(7)
 *         .build()
 *         .generate();
 * }</pre>
 */
public final class ShapesDatasetGenerator {

    /** The name of the annotations file in the output folder. */
    public static final String ANNOTATIONS_FILE = "annotations.json";

    /** The name of the image folder in the output folder. */
    public static final String IMAGE_FOLDER = "images";

    private final Path outputFolder;
    private final int imageCount;
    private final int width;
    private final int height;
    private final long seed;
    private final SceneStyle style;
    private final int threads;

    private ShapesDatasetGenerator(Builder builder) {
        outputFolder = builder.outputFolder;
        imageCount = builder.imageCount;
        width = builder.width;
        height = builder.height;
        seed = builder.seed;
        style = builder.style;
        threads = builder.threads;
    }

    /**
     * Creates a builder for a generator.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the categories of the dataset, one per {@link ShapeKind}.
     *
     * @return categories with ids 1..K and supercategory {@code "shape"}
     */
    public static List<CocoCategory> categories() {
        List<CocoCategory> categories = new ArrayList<>();
        for (ShapeKind kind : ShapeKind.values()) {
            categories.add(new CocoCategory(kind.categoryId(), kind.categoryName(), "shape"));
        }
        return List.copyOf(categories);
    }

    /**
     * Generates the images and writes the dataset.
     *
     * @return the files written and their content
     * @throws IOException if a file cannot be written
     */
    public GeneratedShapes generate() throws IOException {
        return generate(null);
    }

    /**
     * Generates the images and writes the dataset, reporting each image written to {@code progress}
     * (may be null).
     *
     * @return the files written and their content
     * @throws IOException if a file cannot be written
     */
    public GeneratedShapes generate(Progress progress) throws IOException {
        Path imageFolder = outputFolder.resolve(IMAGE_FOLDER);
        Files.createDirectories(imageFolder);
        List<CocoImage> images = new ArrayList<>(imageCount);
        List<CocoAnnotation> annotations = new ArrayList<>();
        // Renderers keep scratch buffers, so one per thread; images depend only on their seed,
        // so the thread count never changes the output.
        ThreadLocal<SceneRenderer> renderers =
                ThreadLocal.withInitial(() -> new SceneRenderer(width, height, style));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // Tasks return only annotations (the pixels are on disk by then), so all can queue.
            List<Future<List<CocoAnnotation>>> pending = new ArrayList<>(imageCount);
            for (int i = 0; i < imageCount; i++) {
                int index = i;
                pending.add(pool.submit(() -> writeImage(renderers.get(), imageFolder, index)));
            }
            if (progress != null) {
                progress.reset("Shapes", imageCount);
            }
            for (int i = 0; i < imageCount; i++) {
                long imageId = i + 1L;
                images.add(new CocoImage(imageId, fileName(imageId), width, height, null, null));
                for (CocoAnnotation a : await(pending.get(i))) {
                    annotations.add(withId(a, annotations.size() + 1L));
                }
                if (progress != null) {
                    progress.increment(1);
                }
            }
            if (progress != null) {
                progress.end();
            }
        } finally {
            pool.shutdownNow();
        }
        Path annotationsFile = outputFolder.resolve(ANNOTATIONS_FILE);
        List<CocoCategory> categories = categories();
        CocoWriter.writeDataset(annotationsFile, images, categories, annotations);
        return new GeneratedShapes(
                annotationsFile,
                imageFolder,
                categories,
                List.copyOf(images),
                List.copyOf(annotations));
    }

    /** Renders image {@code index}, writes its PNG and returns its annotations, ids still 0. */
    private List<CocoAnnotation> writeImage(SceneRenderer renderer, Path folder, int index)
            throws IOException {
        long imageId = index + 1L;
        // A seed per image: image i is the same whatever the image count or thread count.
        Scene scene = renderer.render(new Random(imageSeed(seed, index)));
        Path file = folder.resolve(fileName(imageId));
        if (!ImageIO.write(scene.image(), "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer in this JVM");
        }
        List<CocoAnnotation> annotations = new ArrayList<>();
        for (SceneObject object : scene.objects()) {
            annotations.add(annotate(imageId, object));
        }
        return annotations;
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while generating shapes");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String fileName(long imageId) {
        return String.format("%06d.png", imageId);
    }

    private static CocoAnnotation withId(CocoAnnotation a, long id) {
        return new CocoAnnotation(
                id, a.imageId(), a.categoryId(), a.bbox(), a.area(), a.iscrowd(), a.segmentation());
    }

    private CocoAnnotation annotate(long imageId, SceneObject object) {
        int category = object.kind().categoryId();
        if (object.isCrowd()) {
            RunLengthMask mask = RunLengthMask.fromBinary(object.crowdMask(), height, width, true);
            Segmentation rle = new Segmentation.Rle(height, width, mask.counts());
            return new CocoAnnotation(0, imageId, category, mask.toBbox(), mask.area(), true, rle);
        }
        List<double[]> rings = List.of(object.polygon());
        double area = RunLengthMask.fromPolygons(rings, height, width).area();
        return new CocoAnnotation(
                0,
                imageId,
                category,
                clippedBox(object.polygon()),
                area,
                false,
                new Segmentation.Polygons(rings));
    }

    /** Returns the polygon's box {@code [x, y, w, h]} clipped to the image, in hundredths. */
    private double[] clippedBox(double[] polygon) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i < polygon.length; i += 2) {
            x0 = Math.min(x0, polygon[i]);
            x1 = Math.max(x1, polygon[i]);
            y0 = Math.min(y0, polygon[i + 1]);
            y1 = Math.max(y1, polygon[i + 1]);
        }
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(width, x1);
        y1 = Math.min(height, y1);
        // Differences of two-decimal values carry binary noise; round it away for the file.
        return new double[] {x0, y0, hundredths(x1 - x0), hundredths(y1 - y0)};
    }

    private static double hundredths(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Derives an image's seed from the dataset seed and its index (SplitMix64's mixer). */
    static long imageSeed(long seed, int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Configures a {@link ShapesDatasetGenerator}. */
    public static final class Builder {

        private Path outputFolder;
        private int imageCount = -1;
        private int width = 128;
        private int height = 128;
        private long seed;
        private double crowdFraction = SceneStyle.DEFAULT.crowdFraction();
        private double themeStrength = SceneStyle.DEFAULT.themeStrength();
        private int minShapes = SceneStyle.DEFAULT.minShapes();
        private int maxShapes = SceneStyle.DEFAULT.maxShapes();
        private double minRadius = SceneStyle.DEFAULT.minRadius();
        private double maxRadius = SceneStyle.DEFAULT.maxRadius();
        private SceneStyle style;
        private int threads = Runtime.getRuntime().availableProcessors();

        Builder() {}

        /**
         * Sets the folder to write into (required); it is created if missing.
         *
         * @param outputFolder the dataset folder
         * @return this builder
         */
        public Builder setOutputFolder(Path outputFolder) {
            this.outputFolder = outputFolder;
            return this;
        }

        /**
         * Sets the number of images (required).
         *
         * @param imageCount at least 1
         * @return this builder
         */
        public Builder setImageCount(int imageCount) {
            this.imageCount = imageCount;
            return this;
        }

        /**
         * Sets the image size; 128 x 128 by default.
         *
         * @param width the width in pixels, at least 32
         * @param height the height in pixels, at least 32
         * @return this builder
         */
        public Builder optImageSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Sets the seed; 0 by default. The same seed and settings give the same bytes.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the fraction of images that get a crowd region; 0.1 by default.
         *
         * @param crowdFraction a probability in {@code [0, 1]}
         * @return this builder
         */
        public Builder optCrowdFraction(double crowdFraction) {
            this.crowdFraction = crowdFraction;
            return this;
        }

        /**
         * Sets how strongly an image keeps to its theme; 0.8 by default. Each image picks one of
         * the {@link ShapeKind#THEMES} uniformly and draws each shape from it with this
         * probability, otherwise from all kinds, so labels co-occur within a theme. 0 makes every
         * shape's kind independent and uniform.
         *
         * @param themeStrength a probability in {@code [0, 1]}
         * @return this builder
         */
        public Builder optThemeStrength(double themeStrength) {
            this.themeStrength = themeStrength;
            return this;
        }

        /**
         * Sets how many single shapes an image gets, drawn uniformly; 2 to 6 by default. Fewer
         * appear when no place leaves the earlier shapes visible enough.
         *
         * @param min the least number, at least 1
         * @param max the most, at least {@code min}
         * @return this builder
         */
        public Builder optShapesPerImage(int min, int max) {
            this.minShapes = min;
            this.maxShapes = max;
            return this;
        }

        /**
         * Sets the range of shape radii as fractions of the image side; 0.06 to 0.22 by default.
         * Crowds keep their own small members. Larger shapes make the classes easier to tell apart
         * at small image sizes.
         *
         * @param min the least radius, in (0, 0.5]
         * @param max the largest, in {@code [min, 0.5]}
         * @return this builder
         */
        public Builder optShapeSize(double min, double max) {
            this.minRadius = min;
            this.maxRadius = max;
            return this;
        }

        /**
         * Sets how many threads draw and encode images; all processors by default. The output does
         * not depend on it.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return the generator
         * @throws IllegalArgumentException if a setting is missing or out of range
         */
        public ShapesDatasetGenerator build() {
            validate();
            return new ShapesDatasetGenerator(this);
        }

        private void validate() {
            Objects.requireNonNull(outputFolder, "setOutputFolder is required");
            if (imageCount < 1) {
                throw new IllegalArgumentException(
                        "setImageCount needs at least 1 image, got " + imageCount);
            }
            if (width < 32 || height < 32) {
                throw new IllegalArgumentException(
                        "image size must be at least 32 x 32, got " + width + " x " + height);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            style =
                    new SceneStyle(
                            minShapes,
                            maxShapes,
                            minRadius,
                            maxRadius,
                            crowdFraction,
                            themeStrength);
        }
    }
}
