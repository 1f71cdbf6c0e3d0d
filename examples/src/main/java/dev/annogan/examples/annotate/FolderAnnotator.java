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
import ai.djl.util.Progress;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.annotate.AnnotatorTranslatorFactory;
import dev.annogan.core.annotate.ImagePreparation;
import dev.annogan.core.annotate.PreparedImage;
import dev.annogan.core.annotate.ScoredCategoryMask;
import dev.annogan.core.annotate.SegmenterTranslator;
import dev.annogan.core.annotate.TaggerTranslator;
import dev.annogan.core.io.AtomicDirectory;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoDatasetWriter;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoResultsWriter;
import dev.annogan.datasets.coco.Segmentation;
import dev.annogan.datasets.coco.mask.MaskPolygons;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.ImageSize;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.training.run.RunSetupException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Runs a trained annotator over a folder of images and writes, into the output folder:
 *
 * <ul>
 *   <li>{@code results.json}: COCO results, as pycocotools' {@code loadRes} reads them. A tagger
 *       gives every category of every image as an image-level result {@code {id, image_id,
 *       category_id, score}}; a segmenter gives each category it finds in an image as one
 *       compressed-RLE {@code segmentation} with its {@code bbox}, scored by the mean probability
 *       over its pixels. Nothing is cut by the threshold, so evaluation sees the whole ranking.
 *   <li>{@code annotations.json}: a COCO dataset of the predictions above the threshold, for CVAT
 *       and Label Studio: a tag as a box around the whole image, a mask as one polygon annotation
 *       per connected region, each with its {@code score}.
 *   <li>{@code overlays/}: the first images with their predictions drawn on them, as PNGs named
 *       after the images.
 *   <li>{@code summary.json}: images, skipped files and why, predictions per category, time.
 * </ul>
 *
 * <p>Images are decoded, resized and normalised by the same loader training used, a batch at a
 * time; a file that does not decode is reported and skipped. Results and the dataset are streamed
 * to temporary files, so memory stays flat however many images there are, and each output is
 * renamed into place only when the run ends, {@code summary.json} last: a folder with a summary
 * holds a finished run, and a killed run leaves no half-written JSON.
 */
public final class FolderAnnotator {

    /** The results file. */
    public static final String RESULTS = "results.json";

    /** The COCO dataset file. */
    public static final String DATASET = "annotations.json";

    /** The overlay folder. */
    public static final String OVERLAYS = "overlays";

    /** The summary, written last. */
    public static final String SUMMARY = "summary.json";

    private FolderAnnotator() {}

    /**
     * What to annotate and how.
     *
     * @param model the model folder ({@code <run>/model})
     * @param images the folder of images (searched recursively)
     * @param out the output folder
     * @param threshold the score a prediction needs for the dataset, overlays and counts; null for
     *     the model's own
     * @param batchSize images per forward pass
     * @param overlays how many images get an overlay picture
     * @param overwrite whether to replace a finished run in {@code out}
     * @param idsFrom a COCO file whose image ids the results should use (matched by {@code
     *     file_name}), or null to number the images 1, 2, ... in name order
     */
    public record Options(
            Path model,
            Path images,
            Path out,
            Float threshold,
            int batchSize,
            int overlays,
            boolean overwrite,
            Path idsFrom) {}

    /** One image as the training loader prepared it. */
    private record LoadedImage(float[] pixels, int width, int height) {}

    /**
     * Annotates the folder.
     *
     * @param options what to annotate
     * @param progress shows progress, or null
     * @param out where skipped files are reported
     * @return the summary
     * @throws RunSetupException with a one-line message when the model or folders do not fit
     */
    public static AnnotationSummary run(Options options, Progress progress, PrintStream out)
            throws IOException {
        AnnotatorSpec spec = readModel(options.model());
        prepareOutput(options.out(), options.overwrite());
        List<Path> files = ImageFolder.list(options.images());
        if (files.isEmpty()) {
            throw new RunSetupException(
                    options.images()
                            + " holds no image files ("
                            + String.join(", ", ImageFolder.EXTENSIONS)
                            + ")");
        }
        float threshold = options.threshold() != null ? options.threshold() : spec.threshold();
        Map<String, Long> givenIds = options.idsFrom() == null ? null : ids(options.idsFrom());
        AnnotationSummary summary = new AnnotationSummary(spec, threshold);
        long start = System.nanoTime();
        try (ZooModel<Image, ?> model = load(options.model(), spec);
                Predictor<LoadedImage, ?> predictor = model.newPredictor(translator(spec))) {
            AtomicDirectory.write(
                    options.out().resolve(OVERLAYS),
                    overlays -> {
                        Run run =
                                new Run(options, spec, threshold, givenIds, summary, overlays, out);
                        run.annotate(files, predictor, progress, start);
                    });
        }
        summary.finish((System.nanoTime() - start) / 1e9);
        summary.write(options.out().resolve(SUMMARY));
        return summary;
    }

    private static AnnotatorSpec readModel(Path model) throws IOException {
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

    /** Refuses a folder holding a finished run unless told to overwrite; removes leftovers. */
    private static void prepareOutput(Path out, boolean overwrite) throws IOException {
        Path summary = out.resolve(SUMMARY);
        if (Files.exists(summary) && !overwrite) {
            throw new RunSetupException(
                    out
                            + " already holds an annotation run ("
                            + SUMMARY
                            + "); add --overwrite to replace it or choose another --out");
        }
        Files.createDirectories(out);
        // Without its summary the folder no longer claims to hold a finished run.
        Files.deleteIfExists(summary);
        for (String name : List.of(RESULTS, DATASET)) {
            try (DirectoryStream<Path> leftovers =
                    Files.newDirectoryStream(out, "." + name + "*.tmp")) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
    }

    private static Map<String, Long> ids(Path file) throws IOException {
        Map<String, Long> ids = new HashMap<>();
        for (CocoImage image : CocoIndex.read(file).images()) {
            ids.put(image.fileName(), image.id());
        }
        return ids;
    }

    private static ZooModel<Image, ?> load(Path folder, AnnotatorSpec spec) throws IOException {
        Class<?> output =
                spec.kind() == AnnotatorSpec.Kind.TAGGER
                        ? Classifications.class
                        : CategoryMask.class;
        try {
            return Criteria.builder()
                    .setTypes(Image.class, output)
                    .optModelPath(folder)
                    .optTranslatorFactory(new AnnotatorTranslatorFactory())
                    .build()
                    .loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new RunSetupException(folder + ": cannot load the model: " + e.getMessage());
        }
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

    /** The state of one run over the folder. */
    private static final class Run {
        private final Options options;
        private final AnnotatorSpec spec;
        private final float threshold;
        private final Map<String, Long> givenIds;
        private final AnnotationSummary summary;
        private final Path overlays;
        private final PrintStream out;
        private final ImageLoader loader;
        private long nextNewId;
        private long nextAnnotationId = 1;

        Run(
                Options options,
                AnnotatorSpec spec,
                float threshold,
                Map<String, Long> givenIds,
                AnnotationSummary summary,
                Path overlays,
                PrintStream out) {
            this.options = options;
            this.spec = spec;
            this.threshold = threshold;
            this.givenIds = givenIds;
            this.summary = summary;
            this.overlays = overlays;
            this.out = out;
            this.loader =
                    ImageLoader.builder()
                            .setSize(spec.inputWidth(), spec.inputHeight())
                            .optNormalization(Normalization.of(spec.mean(), spec.std()))
                            .build();
            long max = 0;
            if (givenIds != null) {
                for (long id : givenIds.values()) {
                    max = Math.max(max, id);
                }
            }
            this.nextNewId = max + 1;
        }

        void annotate(
                List<Path> files,
                Predictor<LoadedImage, ?> predictor,
                Progress progress,
                long start)
                throws IOException {
            List<CocoCategory> categories = new ArrayList<>();
            for (AnnotatorSpec.Category c : spec.categories()) {
                categories.add(new CocoCategory(c.id(), c.name(), null));
            }
            if (progress != null) {
                progress.reset("Annotating", files.size());
            }
            try (CocoResultsWriter results =
                            CocoResultsWriter.open(options.out().resolve(RESULTS));
                    CocoDatasetWriter dataset =
                            CocoDatasetWriter.open(options.out().resolve(DATASET), categories)) {
                for (int from = 0; from < files.size(); from += options.batchSize()) {
                    List<Path> batch =
                            files.subList(from, Math.min(files.size(), from + options.batchSize()));
                    annotateBatch(from, batch, predictor, results, dataset);
                    if (progress != null) {
                        int done = from + batch.size();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        progress.update(done - 1, String.format("%.1f images/s", done / seconds));
                    }
                }
                results.commit();
                dataset.commit();
            }
            if (progress != null) {
                progress.end();
            }
        }

        private void annotateBatch(
                int offset,
                List<Path> batch,
                Predictor<LoadedImage, ?> predictor,
                CocoResultsWriter results,
                CocoDatasetWriter dataset)
                throws IOException {
            List<LoadedImage> loaded = new ArrayList<>();
            List<CocoImage> images = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Path file = batch.get(i);
                String name = ImageFolder.name(options.images(), file);
                try {
                    ImageSize size = ImageLoader.readDimensions(file);
                    loaded.add(new LoadedImage(loader.load(file), size.width(), size.height()));
                } catch (IOException | RuntimeException e) {
                    String reason = reason(file, e);
                    summary.skipped(name, reason);
                    // On a line of its own: the progress bar ends its lines with \r, not \n.
                    out.println("\nskipped " + name + ": " + reason);
                    continue;
                }
                sources.add(file);
                images.add(
                        new CocoImage(
                                imageId(name, offset + i),
                                name,
                                loaded.get(loaded.size() - 1).width(),
                                loaded.get(loaded.size() - 1).height(),
                                null,
                                null));
            }
            if (loaded.isEmpty()) {
                return;
            }
            List<?> outputs;
            try {
                outputs = predictor.batchPredict(loaded);
            } catch (TranslateException e) {
                throw new IOException("the model failed on a batch: " + e.getMessage(), e);
            }
            for (int i = 0; i < outputs.size(); i++) {
                CocoImage image = images.get(i);
                dataset.addImage(image);
                BufferedImage overlay =
                        summary.images() < options.overlays() ? read(sources.get(i)) : null;
                if (outputs.get(i) instanceof ScoredCategoryMask mask) {
                    writeMasks(image, mask, results, dataset, overlay);
                } else {
                    writeTags(image, (Classifications) outputs.get(i), results, dataset, overlay);
                }
                summary.annotated();
            }
        }

        private void writeTags(
                CocoImage image,
                Classifications tags,
                CocoResultsWriter results,
                CocoDatasetWriter dataset,
                BufferedImage overlay)
                throws IOException {
            List<OverlayPicture.Label> labels = new ArrayList<>();
            List<Double> probabilities = tags.getProbabilities();
            for (int k = 0; k < probabilities.size(); k++) {
                AnnotatorSpec.Category category = spec.categories().get(k);
                double score = probabilities.get(k);
                results.add(CocoPrediction.ofTag(image.id(), category.id(), score));
                if (score > threshold) {
                    double[] whole = {0, 0, image.width(), image.height()};
                    dataset.addAnnotation(
                            new CocoAnnotation(
                                    nextAnnotationId++,
                                    image.id(),
                                    category.id(),
                                    whole,
                                    (double) image.width() * image.height(),
                                    false,
                                    null),
                            score);
                    summary.predicted(k, 1);
                    labels.add(new OverlayPicture.Label(k, category.name(), score));
                }
            }
            if (overlay != null) {
                labels.sort((a, b) -> Double.compare(b.score(), a.score()));
                writeOverlay(image, OverlayPicture.tags(overlay, labels));
            }
        }

        private void writeMasks(
                CocoImage image,
                ScoredCategoryMask mask,
                CocoResultsWriter results,
                CocoDatasetWriter dataset,
                BufferedImage overlay)
                throws IOException {
            int[][] classes = mask.getMask();
            int h = image.height();
            int w = image.width();
            int k = spec.categories().size();
            boolean[] shown = new boolean[k + 1];
            List<OverlayPicture.Label> labels = new ArrayList<>();
            byte[] binary = new byte[h * w];
            for (int c = 1; c <= k; c++) {
                boolean present = false;
                for (int y = 0; y < h; y++) {
                    int[] row = classes[y];
                    for (int x = 0; x < w; x++) {
                        boolean set = row[x] == c;
                        binary[y * w + x] = set ? (byte) 1 : 0;
                        present |= set;
                    }
                }
                if (!present) {
                    continue;
                }
                AnnotatorSpec.Category category = spec.categories().get(c - 1);
                double score = mask.getScore(c);
                RunLengthMask rle = RunLengthMask.fromBinary(binary, h, w, true);
                results.add(CocoPrediction.ofMask(image.id(), category.id(), rle, score));
                if (score <= threshold) {
                    continue;
                }
                shown[c] = true;
                labels.add(new OverlayPicture.Label(c - 1, category.name(), score));
                summary.predicted(c - 1, 1);
                for (MaskPolygons.Region region : MaskPolygons.regions(binary, h, w)) {
                    dataset.addAnnotation(
                            new CocoAnnotation(
                                    nextAnnotationId++,
                                    image.id(),
                                    category.id(),
                                    region.bbox(),
                                    region.area(),
                                    false,
                                    new Segmentation.Polygons(List.of(region.polygon()))),
                            score);
                }
            }
            if (overlay != null) {
                writeOverlay(image, OverlayPicture.masks(overlay, classes, shown, labels));
            }
        }

        private long imageId(String name, int position) {
            if (givenIds == null) {
                return position + 1L;
            }
            Long id = givenIds.get(name);
            return id != null ? id : nextNewId++;
        }

        /** Reads the original for an overlay; a file ImageIO cannot show gets none. */
        private BufferedImage read(Path file) {
            try {
                return ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private void writeOverlay(CocoImage image, BufferedImage picture) throws IOException {
            String name = image.fileName();
            int dot = name.lastIndexOf('.');
            Path png =
                    overlays.resolve(
                            (dot > name.lastIndexOf('/') ? name.substring(0, dot) : name) + ".png");
            Files.createDirectories(png.getParent());
            ImageIO.write(picture, "png", png.toFile());
        }

        private static String reason(Path file, Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // The decoder's messages start with the path, which the report already names.
            String prefix = file + ": ";
            return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        }
    }
}
