package dev.annogan.examples.demo;

import ai.djl.engine.Engine;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoProblem;
import dev.annogan.datasets.coco.ImageFolderCheck;
import dev.annogan.datasets.shapes.GeneratedShapes;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.examples.annotate.AnnotationSummary;
import dev.annogan.examples.annotate.FolderAnnotator;
import dev.annogan.examples.annotate.ImageAnnotator;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.training.run.RunSetupException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The quick-start demo, end to end on the embedded shapes dataset: it generates a training folder
 * and a folder of new images, trains a segmenter and a tagger on a fraction of the labels beside
 * their supervised baselines, pre-annotates the new images with every trained model, evaluates the
 * results against the new images' ground truth, prints the table and writes {@code report.html}.
 *
 * <p>The output folder holds:
 *
 * <pre>
 * report.html                 the table, loss curves, overlays and per-epoch samples
 * data/train/, data/new-images/   the generated datasets (images/ and annotations.json)
 * runs/APP-MODE/              each training run: train.log, metrics.csv, loss.png, samples/, model/
 * annotated/APP-MODE/         each model's pre-annotation: results.json, annotations.json,
 *                             overlays/, summary.json
 * pictures/ground-truth/      the new images with their ground truth, for the report
 * demo.properties             the settings, which the training processes read
 * </pre>
 */
public final class Demo {

    /** The report's file name in the output folder. */
    public static final String REPORT = "report.html";

    /** The demo's settings in its folder, which the training workers read. */
    static final String SETTINGS = "demo.properties";

    /** Marks a folder written by the demo, which a later demo may replace. */
    static final String MARKER = ".annogan-demo";

    /** The two applications, in the order of the table. */
    static final List<String> APPLICATIONS = List.of("segmenter", "tagger");

    /** The two modes of each application, in the order of the table's columns. */
    static final List<String> MODES = List.of("baseline", "adversarial");

    private Demo() {}

    /**
     * What the demo produced.
     *
     * @param table the held-out evaluation
     * @param report the HTML report
     * @param seconds the wall time of the whole demo
     * @param cpuSeconds the CPU time of this process over the demo, or NaN where unknown
     */
    public record Outcome(DemoTable table, Path report, double seconds, double cpuSeconds) {}

    /** Returns the run folder of an application and mode, relative to the output folder. */
    static Path runFolder(String application, String mode) {
        return Path.of("runs", application + "-" + mode);
    }

    /** Returns the folder of a model's pre-annotation, relative to the output folder. */
    static Path annotatedFolder(String application, String mode) {
        return Path.of("annotated", application + "-" + mode);
    }

    /** The folder of the new images, relative to the output folder. */
    static final Path NEW_IMAGES = Path.of("data", "new-images");

    /** The folder of the training images, relative to the output folder. */
    static final Path TRAIN_IMAGES = Path.of("data", "train");

    /** The folder of the ground-truth pictures of the new images, relative to the output folder. */
    static final Path GROUND_TRUTH_PICTURES = Path.of("pictures", "ground-truth");

    /**
     * Runs the demo, printing each step to {@code out}.
     *
     * @throws RunSetupException when the output folder holds something other than a demo
     * @throws TrainingFailedException when a training fails
     */
    public static Outcome run(DemoSettings settings, PrintStream out) throws Exception {
        long start = System.nanoTime();
        double cpuStart = processCpuSeconds();
        Path folder = settings.out();
        prepareFolder(folder);

        out.printf(
                "[1/5] Generating the shapes dataset: %d training images and %d new images,"
                        + " %dx%d%n",
                settings.trainImages(), settings.newImages(), settings.size(), settings.size());
        GeneratedShapes train =
                generate(
                        settings,
                        folder.resolve(TRAIN_IMAGES),
                        settings.trainImages(),
                        settings.seed());
        GeneratedShapes fresh =
                generate(
                        settings,
                        folder.resolve(NEW_IMAGES),
                        settings.newImages(),
                        settings.seed() + 1);
        check(train, out);
        check(fresh, out);

        Split split = split(settings);
        out.printf(
                "[2/5] Training a segmenter and a tagger on %d labelled images (%s of %d; %d more"
                        + " validate each epoch), each beside its supervised baseline, on DJL's"
                        + " %s engine; %d at a time, logs in %s%n",
                split.labelled(),
                settings.labelledFractionText(),
                split.training(),
                split.validation(),
                Engine.getInstance().getEngineName(),
                settings.workers(),
                folder.resolve("runs").resolve("*").resolve(ParallelTrainings.LOG));
        long trainStart = System.nanoTime();
        Path settingsFile = folder.resolve(SETTINGS);
        try (Writer writer = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
            settings.toProperties().store(writer, "annogan demo");
        }
        double workersCpu =
                ParallelTrainings.run(jobs(settings), settingsFile, settings.workers(), out);
        out.printf("  trained 4 runs in %.0f s%n", (System.nanoTime() - trainStart) / 1e9);

        out.printf(
                "[3/5] Pre-annotating the %d new images with each trained model%n",
                fresh.images().size());
        for (String application : APPLICATIONS) {
            for (String mode : MODES) {
                annotate(folder, application, mode, fresh, out);
            }
        }

        out.println("[4/5] Evaluating the pre-annotations against the new images' ground truth");
        CocoIndex truth = CocoIndex.read(fresh.annotationsFile());
        List<DemoTable.Row> rows = new ArrayList<>();
        for (String application : APPLICATIONS) {
            Map<String, Double> baseline = evaluate(folder, truth, application, "baseline");
            Map<String, Double> adversarial = evaluate(folder, truth, application, "adversarial");
            rows.addAll(DemoTable.rows(application, baseline, adversarial));
        }
        DemoTable table = new DemoTable(rows);
        out.println();
        out.printf(
                "On %d new images, never trained on (every run learnt from the same %d labelled"
                        + " images; the adversarial ones also from %d unlabelled):%n",
                truth.images().size(), split.labelled(), split.training() - split.labelled());
        table.print(out);
        out.println();

        out.println("[5/5] Writing the report");
        DemoReport.Timing timing =
                new DemoReport.Timing(
                        (System.nanoTime() - start) / 1e9,
                        processCpuSeconds() - cpuStart + workersCpu,
                        loadAverage(),
                        Runtime.getRuntime().availableProcessors());
        Path report = DemoReport.write(folder, settings, split, table, truth, timing);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = processCpuSeconds() - cpuStart + workersCpu;
        out.println("  open " + report);
        out.println("  loss curves:    " + folder.resolve("runs/*/loss.png"));
        out.println("  per-epoch:      " + folder.resolve("runs/*/samples/epoch-NNN.png"));
        out.println("  pre-annotated:  " + folder.resolve("annotated/*/overlays/"));
        out.println(
                "  COCO files:     "
                        + folder.resolve("annotated/*/annotations.json")
                        + " and results.json");
        out.println(
                "  Label Studio:   "
                        + folder.resolve("annotated/*/label-studio/")
                        + " (tasks.json, config.xml)");
        out.println("  CVAT:           " + folder.resolve("annotated/*/cvat/annotations.xml"));
        out.printf(
                "Done in %.0f s (%.0f s of CPU, training processes included, on %d cores%s).%n",
                seconds,
                cpu,
                Runtime.getRuntime().availableProcessors(),
                Double.isNaN(timing.loadAverage())
                        ? ""
                        : String.format("; load average %.1f", timing.loadAverage()));
        return new Outcome(table, report, seconds, cpu);
    }

    /** How the training folder is split, as every run of the demo splits it (same seed). */
    record Split(int training, int labelled, int validation) {}

    private static Split split(DemoSettings settings) throws IOException {
        AnnotationData data =
                AnnotationData.load(
                        AnnotationData.Source.shapes(settings.out().resolve(TRAIN_IMAGES)),
                        null,
                        CocoDataset.Target.MULTI_HOT,
                        settings.size(),
                        new AnnotationData.Labels(settings.labelledFraction(), null),
                        settings.heldOut(),
                        settings.seed(),
                        1);
        return new Split(
                (int) data.train().size(),
                data.train().labelledIndices().size(),
                (int) data.validation().size());
    }

    private static GeneratedShapes generate(
            DemoSettings settings, Path folder, int images, long seed) throws IOException {
        ShapesDatasetGenerator.Builder builder =
                ShapesDatasetGenerator.builder()
                        .setOutputFolder(folder)
                        .setImageCount(images)
                        .optImageSize(settings.size(), settings.size())
                        .optSeed(seed);
        return settings.scene().applyTo(builder).build().generate();
    }

    /** Checks a generated folder as {@code annogan coco check} would; it must hold no problem. */
    private static void check(GeneratedShapes shapes, PrintStream out) throws IOException {
        CocoIndex index = CocoIndex.reader().optSkipInvalid(true).read(shapes.annotationsFile());
        List<CocoProblem> problems = ImageFolderCheck.check(index, shapes.imageFolder(), null);
        problems.addAll(0, index.problems());
        out.printf(
                "  %s: %d images, %d annotations, %d categories, %s%n",
                shapes.annotationsFile().getParent(),
                index.images().size(),
                index.annotations().size(),
                index.categories().size(),
                problems.isEmpty() ? "checked: no problems" : problems.size() + " problems");
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "the generated dataset has problems, first: " + problems.get(0));
        }
    }

    /** Returns the four trainings, the adversarial (longer) ones first. */
    private static List<ParallelTrainings.Job> jobs(DemoSettings settings) {
        List<ParallelTrainings.Job> jobs = new ArrayList<>();
        for (String mode : List.of("adversarial", "baseline")) {
            for (String application : APPLICATIONS) {
                jobs.add(
                        new ParallelTrainings.Job(
                                application + " " + mode,
                                application,
                                mode,
                                settings.out().resolve(runFolder(application, mode))));
            }
        }
        return jobs;
    }

    private static void annotate(
            Path folder, String application, String mode, GeneratedShapes fresh, PrintStream out)
            throws IOException {
        Path target = folder.resolve(annotatedFolder(application, mode));
        FolderAnnotator.Options options =
                new FolderAnnotator.Options(
                        folder.resolve(runFolder(application, mode))
                                .resolve(AnnotatorRun.MODEL_FOLDER),
                        fresh.imageFolder(),
                        target,
                        new ImageAnnotator.Settings(null, null, FolderAnnotator.DEFAULT_SIMPLIFY),
                        32,
                        fresh.images().size(),
                        true,
                        fresh.annotationsFile(),
                        null,
                        FolderAnnotator.Order.FOLDER);
        AnnotationSummary summary = FolderAnnotator.run(options, null, out);
        out.printf(
                "  %-22s %d images in %.1f s -> %s%n",
                application + " " + mode + ":", summary.images(), summary.seconds(), target);
    }

    private static Map<String, Double> evaluate(
            Path folder, CocoIndex truth, String application, String mode) throws IOException {
        Path results =
                folder.resolve(annotatedFolder(application, mode)).resolve(FolderAnnotator.RESULTS);
        return application.equals("segmenter")
                ? DemoTable.segmenterMetrics(truth, results)
                : DemoTable.taggerMetrics(truth, results);
    }

    /**
     * Makes {@code folder} ready for a fresh demo: creates it, or empties it when an earlier demo
     * wrote it; refuses a folder that holds anything else, so no user file is deleted.
     */
    static void prepareFolder(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new RunSetupException(folder + " is a file; --out needs a folder");
        }
        if (Files.isDirectory(folder)) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                stream.forEach(entries::add);
            }
            // Only the marker proves the demo wrote the folder: a folder of a user's own
            // 'shapes' data looks like an old demo's and must not be emptied.
            if (!entries.isEmpty() && !Files.exists(folder.resolve(MARKER))) {
                throw new RunSetupException(
                        folder
                                + " holds files the demo did not write; choose another --out or"
                                + " empty it");
            }
            for (Path entry : entries) {
                deleteTree(entry);
            }
        }
        Files.createDirectories(folder);
        Files.writeString(
                folder.resolve(MARKER), "written by 'annogan demo', which replaces this folder\n");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Returns the CPU time this process has used, or NaN where the JVM cannot tell. */
    static double processCpuSeconds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long nanos = sun.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }

    private static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }
}
