package dev.annogan.examples.annotate;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.annotate.ImagePreparation;
import dev.annogan.core.annotate.PreparedImage;
import dev.annogan.core.annotate.ScoredCategoryMask;
import dev.annogan.core.annotate.SegmenterTranslator;
import dev.annogan.core.annotate.TaggerTranslator;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.mask.MaskPolygons;
import dev.annogan.datasets.coco.mask.PolygonSimplifier;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.ImageSize;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.datasets.labeltools.ImagePrediction;
import dev.annogan.training.run.RunSetupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained annotator applied to image files: loads the model folder through DJL's {@code
 * Criteria}, prepares images with the loader training used, and turns the network's answers into
 * what a reviewer and an evaluator need. Shared by {@code annogan annotate} (a folder) and {@code
 * annogan serve} (Label Studio's tasks); safe to use from several threads at once (each call gets
 * its own predictor).
 *
 * <p>For a tagger, every category is a result and the tags above the threshold are kept. For a
 * segmenter, every connected region of one class is an object: a result scored by the mean
 * probability inside it times the share of its category's pixels it holds, and kept for review when
 * it is at least the minimum area and above the threshold, as a simplified polygon.
 *
 * <pre>{@code
 * try (ImageAnnotator annotator = ImageAnnotator.open(model, new ImageAnnotator.Settings(null, null, 1.0))) {
 *     ImageAnnotator.Annotation a =
 *             annotator.annotate(List.of(annotator.load(file)), List.of(image), false).get(0);
 * }
 * }</pre>
 */
public final class ImageAnnotator implements AutoCloseable {

    /**
     * How predictions become pre-annotations.
     *
     * @param threshold the score a tag or object needs to be kept; null for the model's own
     * @param minArea the smallest object kept, in pixels of the original image; null for {@link
     *     FolderAnnotator#defaultMinArea}
     * @param simplify the polygon simplification tolerance in pixels (0 keeps every corner)
     */
    public record Settings(Float threshold, Integer minArea, double simplify) {}

    /** One image as the training loader prepared it, with its original size. */
    public record LoadedImage(float[] pixels, int width, int height) {}

    /**
     * What the annotator made of one image.
     *
     * @param kept the tags or objects kept for review, with the image's confidence
     * @param results every tag or object as a COCO result (nothing cut), for evaluation
     * @param specks objects dropped from review for being under the minimum area
     * @param keptClasses a segmenter's class map of the kept objects alone, {@code [row][column]},
     *     for pictures; null for a tagger or when not asked for
     */
    public record Annotation(
            ImagePrediction kept, List<CocoPrediction> results, long specks, int[][] keptClasses) {}

    private final AnnotatorSpec spec;
    private final ZooModel<Image, ?> model;
    private final Translator<LoadedImage, ?> translator;
    private final ImageLoader loader;
    private final float threshold;
    private final Settings settings;

    private ImageAnnotator(AnnotatorSpec spec, ZooModel<Image, ?> model, Settings settings) {
        this.spec = spec;
        this.model = model;
        this.settings = settings;
        this.translator = translator(spec);
        this.threshold = settings.threshold() != null ? settings.threshold() : spec.threshold();
        this.loader =
                ImageLoader.builder()
                        .setSize(spec.inputWidth(), spec.inputHeight())
                        .optNormalization(Normalization.of(spec.mean(), spec.std()))
                        .build();
    }

    /**
     * Loads a model folder.
     *
     * @param folder the model folder ({@code <run>/model})
     * @param settings how predictions become pre-annotations
     * @return the annotator; the caller closes it
     * @throws RunSetupException with a one-line message when the folder is no annotator
     */
    public static ImageAnnotator open(Path folder, Settings settings) throws IOException {
        AnnotatorSpec spec = readSpec(folder);
        Class<?> output =
                spec.kind() == AnnotatorSpec.Kind.TAGGER
                        ? Classifications.class
                        : CategoryMask.class;
        try {
            ZooModel<Image, ?> model =
                    Criteria.builder()
                            .setTypes(Image.class, output)
                            .optModelPath(folder)
                            .optTranslatorFactory(new AnnotatorTranslatorFactory())
                            .build()
                            .loadModel();
            return new ImageAnnotator(spec, model, settings);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new RunSetupException(folder + ": cannot load the model: " + e.getMessage());
        }
    }

    /** Reads the annotator's description, or refuses a folder that holds none. */
    static AnnotatorSpec readSpec(Path model) throws IOException {
        if (!Files.isDirectory(model)) {
            throw new RunSetupException("--model: no such folder: " + model);
        }
        if (!Files.isRegularFile(model.resolve(ModelFolder.SPEC_FILE))
                && !Files.isRegularFile(model.resolve(AnnotatorSpec.LEGACY_FILE))) {
            throw new RunSetupException(
                    model
                            + " is not an AnnoGAN model folder (no "
                            + ModelFolder.SPEC_FILE
                            + "); 'annogan train tagger|segmenter' writes one into <run>/model");
        }
        try {
            return AnnotatorSpec.read(model);
        } catch (IOException e) {
            throw new RunSetupException(e.getMessage());
        }
    }

    /** Returns the annotator's description. */
    public AnnotatorSpec spec() {
        return spec;
    }

    /** Returns the score a tag or object needs to be kept. */
    public float threshold() {
        return threshold;
    }

    /** Returns the category names in output order. */
    public List<String> categoryNames() {
        List<String> names = new ArrayList<>();
        spec.categories().forEach(c -> names.add(c.name()));
        return names;
    }

    /**
     * Decodes and prepares one image file as training prepared its images.
     *
     * @param file the image
     * @return the prepared pixels and the original size
     * @throws IOException if the file does not decode
     */
    public LoadedImage load(Path file) throws IOException {
        ImageSize size = ImageLoader.readDimensions(file);
        return new LoadedImage(loader.load(file), size.width(), size.height());
    }

    /**
     * Annotates prepared images in one forward pass.
     *
     * @param images the prepared images
     * @param ids the COCO image entry of each (id, file name, size)
     * @param classMaps whether to return each segmenter answer's class map of kept objects, for
     *     pictures (it costs an int per pixel)
     * @return one annotation per image, in order
     * @throws IOException if the model fails on the batch
     */
    public List<Annotation> annotate(
            List<LoadedImage> images, List<CocoImage> ids, boolean classMaps) throws IOException {
        List<?> outputs;
        try (Predictor<LoadedImage, ?> predictor = model.newPredictor(translator)) {
            outputs = predictor.batchPredict(images);
        } catch (TranslateException e) {
            throw new IOException("the model failed on a batch: " + e.getMessage(), e);
        }
        List<Annotation> annotations = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            annotations.add(
                    outputs.get(i) instanceof ScoredCategoryMask mask
                            ? objects(ids.get(i), mask, classMaps)
                            : tags(ids.get(i), (Classifications) outputs.get(i)));
        }
        return annotations;
    }

    private Annotation tags(CocoImage image, Classifications tags) {
        List<CocoPrediction> results = new ArrayList<>();
        List<ImagePrediction.Tag> kept = new ArrayList<>();
        List<Double> probabilities = tags.getProbabilities();
        double confidence = 1;
        for (int k = 0; k < probabilities.size(); k++) {
            double score = probabilities.get(k);
            confidence = Math.min(confidence, Math.max(score, 1 - score));
            results.add(CocoPrediction.ofTag(image.id(), spec.categories().get(k).id(), score));
            if (score > threshold) {
                kept.add(new ImagePrediction.Tag(k, score));
            }
        }
        return new Annotation(
                new ImagePrediction(image, kept, List.of(), confidence), results, 0, null);
    }

    private Annotation objects(CocoImage image, ScoredCategoryMask mask, boolean classMap) {
        int[][] classes = mask.getMask();
        int h = image.height();
        int w = image.width();
        int k = spec.categories().size();
        long minArea =
                settings.minArea() != null
                        ? settings.minArea()
                        : FolderAnnotator.defaultMinArea(w, h);
        int[][] keptClasses = classMap ? new int[h][w] : null;
        List<ImagePrediction.Region> kept = new ArrayList<>();
        List<CocoPrediction> results = new ArrayList<>();
        long specks = 0;
        double confidenceSum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                confidenceSum += mask.getConfidence(y, x);
            }
        }
        byte[] binary = new byte[h * w];
        for (int c = 1; c <= k; c++) {
            long classPixels = 0;
            for (int y = 0; y < h; y++) {
                int[] row = classes[y];
                for (int x = 0; x < w; x++) {
                    boolean set = row[x] == c;
                    binary[y * w + x] = set ? (byte) 1 : 0;
                    classPixels += set ? 1 : 0;
                }
            }
            if (classPixels == 0) {
                continue;
            }
            int categoryId = spec.categories().get(c - 1).id();
            for (MaskPolygons.Region region : MaskPolygons.regions(binary, h, w)) {
                double sum = 0;
                for (int p : region.pixels()) {
                    sum += mask.getConfidence(p / w, p % w);
                }
                // The mean probability inside the object times the share of its category's
                // pixels it holds: a fragment beside a large region of the same category ranks
                // low (+6% segm AP over the bare mean on validation, BENCHMARKS.md).
                double score = sum / classPixels;
                RunLengthMask rle = RunLengthMask.fromPixels(region.pixels(), h, w);
                results.add(CocoPrediction.ofMask(image.id(), categoryId, rle, score));
                if (region.area() < minArea) {
                    // Kept in the results (they rank last there), not offered for review.
                    specks++;
                    continue;
                }
                if (score <= threshold) {
                    continue;
                }
                double[] polygon =
                        PolygonSimplifier.simplify(region.polygon(), settings.simplify());
                kept.add(new ImagePrediction.Region(c - 1, polygon, score));
                if (keptClasses != null) {
                    for (int p : region.pixels()) {
                        keptClasses[p / w][p % w] = c;
                    }
                }
            }
        }
        return new Annotation(
                new ImagePrediction(image, List.of(), kept, confidenceSum / ((double) h * w)),
                results,
                specks,
                keptClasses);
    }

    private static Translator<LoadedImage, ?> translator(AnnotatorSpec spec) {
        Shape shape = new Shape(3, spec.inputHeight(), spec.inputWidth());
        ImagePreparation<LoadedImage> prepare =
                (manager, image) ->
                        new PreparedImage(
                                manager.create(image.pixels(), shape),
                                image.width(),
                                image.height());
        return spec.kind() == AnnotatorSpec.Kind.TAGGER
                ? new TaggerTranslator<>(spec, prepare)
                : new SegmenterTranslator<>(spec, prepare);
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }
}
