package dev.annogan.examples.annotate;

import ai.djl.util.Progress;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.io.AtomicDirectory;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoDatasetWriter;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoResultsWriter;
import dev.annogan.datasets.coco.Segmentation;
import dev.annogan.datasets.coco.mask.PolygonSimplifier;
import dev.annogan.datasets.image.ImageFilesDataset;
import dev.annogan.datasets.labeltools.CvatXmlWriter;
import dev.annogan.datasets.labeltools.ImagePrediction;
import dev.annogan.datasets.labeltools.LabelStudioTasksWriter;
import dev.annogan.training.run.RunSetupException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
     * @param settings the threshold, minimum object area and polygon simplification of what is
     *     offered for review
     * @param batchSize images per forward pass
     * @param overlays how many images get an overlay picture
     * @param overwrite whether to replace a finished run in {@code out}
     * @param idsFrom a COCO file whose images to annotate, with its image ids (matched by {@code
     *     file_name}; other files in the folder are left out and counted), or null to annotate
     *     every image, numbered 1, 2, ... in name order
     * @param imageRoot where Label Studio reads the images: the address the images' paths relative
     *     to {@code images} are appended to; null for Label Studio's local files ({@code
     *     /data/local-files/?d=} and the absolute path)
     * @param order the order of the Label Studio tasks
     */
    public record Options(
            Path model,
            Path images,
            Path out,
            ImageAnnotator.Settings settings,
            int batchSize,
            int overlays,
            boolean overwrite,
            Path idsFrom,
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
        Map<String, Long> givenIds = options.idsFrom() == null ? null : ids(options.idsFrom());
        long start = System.nanoTime();
        AnnotationSummary summary;
        try (ImageAnnotator annotator = ImageAnnotator.open(options.model(), options.settings())) {
            summary = new AnnotationSummary(annotator.spec(), annotator.threshold());
            List<Path> files = imagesToAnnotate(options, givenIds, summary);
            // Only now, with the model, the ids and the images known good, is the old run undone.
            prepareOutput(options.out(), options.overwrite());
            AtomicDirectory.write(
                    options.out().resolve(OVERLAYS),
                    overlays -> {
                        Run run = new Run(options, annotator, givenIds, summary, overlays, out);
                        run.annotate(files, progress, start);
                    });
        }
        summary.finish((System.nanoTime() - start) / 1e9);
        summary.write(options.out().resolve(SUMMARY));
        return summary;
    }

    /**
     * Returns the {@code model_version} Label Studio shows and filters by: the application and the
     * start of the SHA-256 of the model's parameters, so that predictions of a retrained model are
     * told apart and those of the same model are not.
     *
     * @param folder the model folder
     * @param spec its description
     * @return e.g. {@code "annogan-segmenter-3f9a1c2e"}
     * @throws IOException if the parameter file cannot be read
     */
    public static String modelVersion(Path folder, AnnotatorSpec spec) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> params = Files.newDirectoryStream(folder, "*.params")) {
            params.forEach(files::add);
        }
        // In name order: the listing order of a folder is the file system's.
        files.sort(null);
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return "annogan-"
                + spec.kind().label()
                + "-"
                + HexFormat.of().formatHex(digest.digest(), 0, 4);
    }

    /**
     * Returns the folder's images, or with {@code --ids-from} only those the file lists: results
     * for images the ground truth does not know would make 'evaluate' refuse the whole file. The
     * images left out are counted in the summary.
     */
    private static List<Path> imagesToAnnotate(
            Options options, Map<String, Long> givenIds, AnnotationSummary summary)
            throws IOException {
        List<Path> files = ImageFilesDataset.list(options.images());
        if (files.isEmpty()) {
            throw new RunSetupException(
                    options.images()
                            + " holds no image files ("
                            + String.join(", ", ImageFilesDataset.EXTENSIONS)
                            + ")");
        }
        if (givenIds == null) {
            return files;
        }
        List<Path> listed = new ArrayList<>();
        for (Path file : files) {
            if (givenIds.containsKey(ImageFilesDataset.name(options.images(), file))) {
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

    /** The state of one run over the folder. */
    private static final class Run {
        private final Options options;
        private final ImageAnnotator annotator;
        private final Map<String, Long> givenIds;
        private final AnnotationSummary summary;
        private final Path overlays;
        private final PrintStream out;
        private final List<String> names;
        private long nextId = 1;
        private long nextAnnotationId = 1;

        Run(
                Options options,
                ImageAnnotator annotator,
                Map<String, Long> givenIds,
                AnnotationSummary summary,
                Path overlays,
                PrintStream out) {
            this.options = options;
            this.annotator = annotator;
            this.givenIds = givenIds;
            this.summary = summary;
            this.overlays = overlays;
            this.out = out;
            this.names = annotator.categoryNames();
        }

        /** The files every image's predictions go to, committed together at the end. */
        private record Outputs(
                CocoResultsWriter results,
                CocoDatasetWriter dataset,
                LabelStudioTasksWriter tasks,
                CvatXmlWriter cvat) {}

        void annotate(List<Path> files, Progress progress, long start) throws IOException {
            AnnotatorSpec spec = annotator.spec();
            List<CocoCategory> categories = new ArrayList<>();
            for (AnnotatorSpec.Category c : spec.categories()) {
                categories.add(new CocoCategory(c.id(), c.name(), null));
            }
            if (progress != null) {
                progress.reset("Annotating", files.size());
            }
            String imageRoot =
                    options.imageRoot() != null
                            ? options.imageRoot()
                            : LabelStudioTasksWriter.imageUrl(
                                            "/data/local-files/?d=",
                                            options.images()
                                                    .toAbsolutePath()
                                                    .normalize()
                                                    .toString()
                                                    .replace('\\', '/'))
                                    + "/";
            try (CocoResultsWriter results =
                            CocoResultsWriter.open(options.out().resolve(RESULTS));
                    CocoDatasetWriter dataset =
                            CocoDatasetWriter.open(options.out().resolve(DATASET), categories);
                    LabelStudioTasksWriter tasks =
                            LabelStudioTasksWriter.open(
                                    options.out().resolve(LABEL_STUDIO),
                                    names,
                                    spec.kind() == AnnotatorSpec.Kind.SEGMENTER,
                                    modelVersion(options.model(), spec),
                                    imageRoot,
                                    options.order() == Order.UNCERTAINTY);
                    CvatXmlWriter cvat = CvatXmlWriter.open(options.out().resolve(CVAT), names)) {
                Outputs outputs = new Outputs(results, dataset, tasks, cvat);
                for (int from = 0; from < files.size(); from += options.batchSize()) {
                    List<Path> batch =
                            files.subList(from, Math.min(files.size(), from + options.batchSize()));
                    annotateBatch(batch, outputs);
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

        private void annotateBatch(List<Path> batch, Outputs outputs) throws IOException {
            List<ImageAnnotator.LoadedImage> loaded = new ArrayList<>();
            List<CocoImage> images = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            for (Path file : batch) {
                String name = ImageFilesDataset.name(options.images(), file);
                ImageAnnotator.LoadedImage image;
                try {
                    image = annotator.load(file);
                } catch (IOException | RuntimeException e) {
                    String reason = reason(file, e);
                    summary.skipped(name, reason);
                    // On a line of its own: the progress bar ends its lines with \r, not \n.
                    out.println("\nskipped " + name + ": " + reason);
                    continue;
                }
                loaded.add(image);
                sources.add(file);
                images.add(
                        new CocoImage(
                                imageId(name), name, image.width(), image.height(), null, null));
            }
            if (loaded.isEmpty()) {
                return;
            }
            List<ImageAnnotator.Annotation> annotations =
                    annotator.annotate(loaded, images, summary.images() < options.overlays());
            for (int i = 0; i < annotations.size(); i++) {
                ImageAnnotator.Annotation a = annotations.get(i);
                CocoImage image = images.get(i);
                outputs.dataset().addImage(image);
                for (CocoPrediction result : a.results()) {
                    outputs.results().add(result);
                }
                writeKept(image, a.kept(), outputs.dataset());
                outputs.tasks().add(a.kept());
                outputs.cvat().add(a.kept());
                // Class maps were asked for the whole batch when its first image still needed one.
                if (summary.images() < options.overlays()) {
                    BufferedImage original = read(sources.get(i));
                    if (original != null) {
                        writeOverlay(image, overlay(original, a));
                    }
                }
                summary.removedSpecks(a.specks());
                summary.annotated(a.kept().confidence());
            }
        }

        /**
         * Writes the kept tags and objects into the COCO dataset: a tag as a box around the whole
         * image, an object as its polygon with the polygon's own area and box.
         */
        private void writeKept(CocoImage image, ImagePrediction kept, CocoDatasetWriter dataset)
                throws IOException {
            List<AnnotatorSpec.Category> categories = annotator.spec().categories();
            for (ImagePrediction.Tag tag : kept.tags()) {
                double[] whole = {0, 0, image.width(), image.height()};
                dataset.addAnnotation(
                        new CocoAnnotation(
                                nextAnnotationId++,
                                image.id(),
                                categories.get(tag.category()).id(),
                                whole,
                                (double) image.width() * image.height(),
                                false,
                                null),
                        tag.score());
                summary.predicted(tag.category(), 1);
            }
            for (ImagePrediction.Region region : kept.regions()) {
                double[] polygon = region.polygon();
                dataset.addAnnotation(
                        new CocoAnnotation(
                                nextAnnotationId++,
                                image.id(),
                                categories.get(region.category()).id(),
                                PolygonSimplifier.bbox(polygon),
                                PolygonSimplifier.area(polygon),
                                false,
                                new Segmentation.Polygons(List.of(polygon))),
                        region.score());
                summary.predicted(region.category(), 1);
            }
        }

        /** Draws the kept tags (best first) or objects on the original image. */
        private BufferedImage overlay(BufferedImage original, ImageAnnotator.Annotation a) {
            List<OverlayPicture.Label> labels = new ArrayList<>();
            if (annotator.spec().kind() == AnnotatorSpec.Kind.TAGGER) {
                for (ImagePrediction.Tag tag : a.kept().tags()) {
                    labels.add(
                            new OverlayPicture.Label(
                                    tag.category(), names.get(tag.category()), tag.score()));
                }
                labels.sort((x, y) -> Double.compare(y.score(), x.score()));
                return OverlayPicture.tags(original, labels);
            }
            int k = names.size();
            boolean[] shown = new boolean[k + 1];
            double[] best = new double[k + 1];
            for (ImagePrediction.Region region : a.kept().regions()) {
                shown[region.category() + 1] = true;
                best[region.category() + 1] = Math.max(best[region.category() + 1], region.score());
            }
            for (int c = 1; c <= k; c++) {
                if (shown[c]) {
                    labels.add(new OverlayPicture.Label(c - 1, names.get(c - 1), best[c]));
                }
            }
            return OverlayPicture.masks(original, a.keptClasses(), shown, labels);
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
