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
import dev.annogan.datasets.coco.mask.PolygonSimplifier;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.ImageSize;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.datasets.labeltools.CvatXmlWriter;
import dev.annogan.datasets.labeltools.ImagePrediction;
import dev.annogan.datasets.labeltools.LabelStudioTasksWriter;
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
 *       category_id, score}}; a segmenter gives every object it finds (a connected region of one
 *       category) as a compressed-RLE {@code segmentation} with its {@code bbox}, so COCOeval
 *       matches objects to objects. An object's score is the mean probability inside it times the
 *       share of its category's pixels in the image it holds, so that a speck beside a large region
 *       of the same category ranks below it. Nothing is cut, by the threshold or by size, so
 *       evaluation sees the whole ranking.
 *   <li>{@code annotations.json}: a COCO dataset of the predictions above the threshold (objects of
 *       at least {@code --min-area} pixels), for CVAT: a tag as a box around the whole image with
 *       {@code "segmentation": []}, an object as a simplified polygon whose own area and box are
 *       written beside it; every annotation carries its {@code score} and {@code attributes} {@code
 *       {"source": "auto", "score"}}.
 *   <li>{@code label-studio/tasks.json} and {@code label-studio/config.xml}: Label Studio tasks
 *       with predictions (polygons or choices, per-region and task scores) and the labelling config
 *       that shows them.
 *   <li>{@code cvat/annotations.xml}: CVAT for images 1.1, the way CVAT takes tags.
 *   <li>{@code overlays/}: the first images with their predictions drawn on them, as PNGs named
 *       after the images.
 *   <li>{@code summary.json}: images, skipped files and why, objects or tags per category, how many
 *       images fall under each confidence level, time.
 * </ul>
 *
 * <p>Images are decoded, resized and normalised by the same loader training used, a batch at a
 * time; a file that does not decode is reported and skipped (and uses no image id). Outputs are
 * streamed to temporary files, so memory stays flat however many images there are, and each is
 * renamed into place only when the run ends, {@code summary.json} last: a folder with a summary
 * holds a finished run, and a killed run leaves no half-written file.
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

    /** The folder of the Label Studio tasks and config. */
    public static final String LABEL_STUDIO = "label-studio";

    /** The CVAT XML file. */
    public static final String CVAT = "cvat/annotations.xml";

    /** The default polygon simplification tolerance, in pixels. */
    public static final double DEFAULT_SIMPLIFY = 1.0;

    /** How the tasks of a review queue are ordered. */
    public enum Order {
        /** The folder's (name) order. */
        FOLDER,
        /** The images the model is least sure about first. */
        UNCERTAINTY
    }

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
     * @param idsFrom a COCO file whose images to annotate, with its image ids (matched by {@code
     *     file_name}; other files in the folder are left out and counted), or null to annotate
     *     every image, numbered 1, 2, ... in name order
     * @param minArea the smallest object, in pixels of the original image, a segmenter reports;
     *     null for the default, {@link #defaultMinArea}
     * @param simplify the polygon simplification tolerance in pixels (0 keeps every corner)
     * @param imageRoot where Label Studio reads the images: the address the images' paths relative
     *     to {@code images} are appended to; null for Label Studio's local files ({@code
     *     /data/local-files/?d=} and the absolute path)
     * @param order the order of the Label Studio tasks
     */
    public record Options(
            Path model,
            Path images,
            Path out,
            Float threshold,
            int batchSize,
            int overlays,
            boolean overwrite,
            Path idsFrom,
            Integer minArea,
            double simplify,
            String imageRoot,
            Order order) {}

    /**
     * Returns the default smallest object of an image: 0.1% of its pixels, at least 8, so that
     * specks of a few pixels are not offered for review whatever the image size.
     *
     * @param width the image width
     * @param height the image height
     * @return the area in pixels
     */
    public static long defaultMinArea(int width, int height) {
        return Math.max(8, Math.round(0.001 * width * height));
    }

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
        float threshold = options.threshold() != null ? options.threshold() : spec.threshold();
        Map<String, Long> givenIds = options.idsFrom() == null ? null : ids(options.idsFrom());
        AnnotationSummary summary = new AnnotationSummary(spec, threshold);
        List<Path> files = imagesToAnnotate(options, givenIds, summary);
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

    /**
     * Returns the folder's images, or with {@code --ids-from} only those the file lists: results
     * for images the ground truth does not know would make 'evaluate' refuse the whole file. The
     * images left out are counted in the summary.
     */
    private static List<Path> imagesToAnnotate(
            Options options, Map<String, Long> givenIds, AnnotationSummary summary)
            throws IOException {
        List<Path> files = ImageFolder.list(options.images());
        if (files.isEmpty()) {
            throw new RunSetupException(
                    options.images()
                            + " holds no image files ("
                            + String.join(", ", ImageFolder.EXTENSIONS)
                            + ")");
        }
        if (givenIds == null) {
            return files;
        }
        List<Path> listed = new ArrayList<>();
        for (Path file : files) {
            if (givenIds.containsKey(ImageFolder.name(options.images(), file))) {
                listed.add(file);
            }
        }
        summary.leftOut(files.size() - listed.size(), options.idsFrom());
        if (listed.isEmpty()) {
            throw new RunSetupException(
                    "none of the "
                            + files.size()
                            + " images in "
                            + options.images()
                            + " is listed in "
                            + options.idsFrom()
                            + " (matched by file_name)");
        }
        return listed;
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
        for (String name :
                List.of(
                        RESULTS,
                        DATASET,
                        LABEL_STUDIO + "/" + LabelStudioTasksWriter.TASKS,
                        LABEL_STUDIO + "/" + LabelStudioTasksWriter.CONFIG,
                        CVAT)) {
            Path target = out.resolve(name);
            if (!Files.isDirectory(target.getParent())) {
                continue;
            }
            try (DirectoryStream<Path> leftovers =
                    Files.newDirectoryStream(
                            target.getParent(), "." + target.getFileName() + "*.tmp")) {
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
        private final List<String> names = new ArrayList<>();
        private long nextId = 1;
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
            spec.categories().forEach(c -> names.add(c.name()));
        }

        /** The files every image's predictions go to, committed together at the end. */
        private record Outputs(
                CocoResultsWriter results,
                CocoDatasetWriter dataset,
                LabelStudioTasksWriter tasks,
                CvatXmlWriter cvat) {}

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
            boolean segmenter = spec.kind() == AnnotatorSpec.Kind.SEGMENTER;
            String imageRoot =
                    options.imageRoot() != null
                            ? options.imageRoot()
                            : "/data/local-files/?d="
                                    + options.images().toAbsolutePath().normalize()
                                    + "/";
            try (CocoResultsWriter results =
                            CocoResultsWriter.open(options.out().resolve(RESULTS));
                    CocoDatasetWriter dataset =
                            CocoDatasetWriter.open(options.out().resolve(DATASET), categories);
                    LabelStudioTasksWriter tasks =
                            LabelStudioTasksWriter.open(
                                    options.out().resolve(LABEL_STUDIO),
                                    names,
                                    segmenter,
                                    "annogan-" + spec.kind().label(),
                                    imageRoot,
                                    options.order() == Order.UNCERTAINTY);
                    CvatXmlWriter cvat = CvatXmlWriter.open(options.out().resolve(CVAT), names)) {
                Outputs outputs = new Outputs(results, dataset, tasks, cvat);
                for (int from = 0; from < files.size(); from += options.batchSize()) {
                    List<Path> batch =
                            files.subList(from, Math.min(files.size(), from + options.batchSize()));
                    annotateBatch(batch, predictor, outputs);
                    if (progress != null) {
                        int done = from + batch.size();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        progress.update(done - 1, String.format("%.1f images/s", done / seconds));
                    }
                }
                results.commit();
                dataset.commit();
                tasks.commit();
                cvat.commit();
            }
            if (progress != null) {
                progress.end();
            }
        }

        private void annotateBatch(
                List<Path> batch, Predictor<LoadedImage, ?> predictor, Outputs outputs)
                throws IOException {
            List<LoadedImage> loaded = new ArrayList<>();
            List<CocoImage> images = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            for (Path file : batch) {
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
                LoadedImage last = loaded.get(loaded.size() - 1);
                images.add(
                        new CocoImage(
                                imageId(name), name, last.width(), last.height(), null, null));
            }
            if (loaded.isEmpty()) {
                return;
            }
            List<?> predictions;
            try {
                predictions = predictor.batchPredict(loaded);
            } catch (TranslateException e) {
                throw new IOException("the model failed on a batch: " + e.getMessage(), e);
            }
            for (int i = 0; i < predictions.size(); i++) {
                CocoImage image = images.get(i);
                outputs.dataset().addImage(image);
                BufferedImage overlay =
                        summary.images() < options.overlays() ? read(sources.get(i)) : null;
                ImagePrediction kept =
                        predictions.get(i) instanceof ScoredCategoryMask mask
                                ? writeObjects(image, mask, outputs, overlay)
                                : writeTags(
                                        image,
                                        (Classifications) predictions.get(i),
                                        outputs,
                                        overlay);
                outputs.tasks().add(kept);
                outputs.cvat().add(kept, names);
                summary.annotated(kept.confidence());
            }
        }

        private ImagePrediction writeTags(
                CocoImage image, Classifications tags, Outputs outputs, BufferedImage overlay)
                throws IOException {
            List<OverlayPicture.Label> labels = new ArrayList<>();
            List<ImagePrediction.Tag> kept = new ArrayList<>();
            List<Double> probabilities = tags.getProbabilities();
            double confidence = 1;
            for (int k = 0; k < probabilities.size(); k++) {
                AnnotatorSpec.Category category = spec.categories().get(k);
                double score = probabilities.get(k);
                confidence = Math.min(confidence, Math.max(score, 1 - score));
                outputs.results().add(CocoPrediction.ofTag(image.id(), category.id(), score));
                if (score > threshold) {
                    double[] whole = {0, 0, image.width(), image.height()};
                    outputs.dataset()
                            .addAnnotation(
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
                    kept.add(new ImagePrediction.Tag(k, score));
                    labels.add(new OverlayPicture.Label(k, category.name(), score));
                }
            }
            if (overlay != null) {
                labels.sort((a, b) -> Double.compare(b.score(), a.score()));
                writeOverlay(image, OverlayPicture.tags(overlay, labels));
            }
            return new ImagePrediction(image, kept, List.of(), confidence);
        }

        /**
         * Writes one result per object (a connected region of one class) and, for review, the
         * objects of at least the minimum area and above the threshold as simplified polygons. An
         * object's score is the mean probability of its pixels' class inside it, times the share of
         * the category's pixels in the image it holds.
         */
        private ImagePrediction writeObjects(
                CocoImage image, ScoredCategoryMask mask, Outputs outputs, BufferedImage overlay)
                throws IOException {
            int[][] classes = mask.getMask();
            int h = image.height();
            int w = image.width();
            int k = spec.categories().size();
            long minArea = options.minArea() != null ? options.minArea() : defaultMinArea(w, h);
            int[][] shownMask = overlay != null ? new int[h][w] : null;
            boolean[] shown = new boolean[k + 1];
            double[] best = new double[k + 1];
            List<ImagePrediction.Region> kept = new ArrayList<>();
            double confidenceSum = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    confidenceSum += mask.getConfidence(y, x);
                }
            }
            byte[] binary = new byte[h * w];
            byte[] object = new byte[h * w];
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
                AnnotatorSpec.Category category = spec.categories().get(c - 1);
                for (MaskPolygons.Region region : MaskPolygons.regions(binary, h, w)) {
                    double sum = 0;
                    for (int p : region.pixels()) {
                        sum += mask.getConfidence(p / w, p % w);
                        object[p] = 1;
                    }
                    // The mean probability inside the object times the share of its category's
                    // pixels it holds: a fragment beside a large region of the same category
                    // ranks low (+6% segm AP over the bare mean on validation, BENCHMARKS.md).
                    double score = sum / classPixels;
                    RunLengthMask rle = RunLengthMask.fromBinary(object, h, w, true);
                    for (int p : region.pixels()) {
                        object[p] = 0;
                    }
                    outputs.results()
                            .add(CocoPrediction.ofMask(image.id(), category.id(), rle, score));
                    if (region.area() < minArea) {
                        // Kept in the results (they rank last there), not offered for review.
                        summary.removedSpeck();
                        continue;
                    }
                    if (score <= threshold) {
                        continue;
                    }
                    double[] polygon =
                            PolygonSimplifier.simplify(region.polygon(), options.simplify());
                    outputs.dataset()
                            .addAnnotation(
                                    new CocoAnnotation(
                                            nextAnnotationId++,
                                            image.id(),
                                            category.id(),
                                            PolygonSimplifier.bbox(polygon),
                                            PolygonSimplifier.area(polygon),
                                            false,
                                            new Segmentation.Polygons(List.of(polygon))),
                                    score);
                    kept.add(new ImagePrediction.Region(c - 1, polygon, score));
                    summary.predicted(c - 1, 1);
                    shown[c] = true;
                    best[c] = Math.max(best[c], score);
                    if (shownMask != null) {
                        for (int p : region.pixels()) {
                            shownMask[p / w][p % w] = c;
                        }
                    }
                }
            }
            if (overlay != null) {
                List<OverlayPicture.Label> labels = new ArrayList<>();
                for (int c = 1; c <= k; c++) {
                    if (shown[c]) {
                        labels.add(new OverlayPicture.Label(c - 1, names.get(c - 1), best[c]));
                    }
                }
                writeOverlay(image, OverlayPicture.masks(overlay, shownMask, shown, labels));
            }
            return new ImagePrediction(image, List.of(), kept, confidenceSum / ((double) h * w));
        }

        /** Returns the ground truth's id of the image, or the next of 1, 2, ... */
        private long imageId(String name) {
            return givenIds == null ? nextId++ : givenIds.get(name);
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
