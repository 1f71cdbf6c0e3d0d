package dev.annogan.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.examples.tagging.TaggerRunner;
import dev.annogan.training.BatchAugmentation;
import dev.annogan.training.BatchFeed;
import dev.annogan.training.DataWait;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.RandomFlips;
import dev.annogan.training.StepResult;
import dev.annogan.training.listener.StepLimit;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherTerms;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code annogan bench data}: whether the data pipeline keeps the tagger's training step fed. For
 * each image size it times the stages on one thread (decode + resize + normalise, mask rasterise +
 * resize), the batches of the training set through the training loop's own {@link BatchFeed} (first
 * pass decoding, second from the image cache, and with semantic masks as the segmenter loads them),
 * and then trains the tagger exactly as {@code train tagger} does ({@link TaggerRunner}, {@code
 * FitLoop}) for a number of steps, reading the loop's {@link DataWait}: the time it waited for
 * batches against the time of its steps.
 */
final class BenchDataCommand implements Command {

    /**
     * Steps left out of the steady-state wait: JIT compilation and the first, unprefetched batch.
     */
    private static final int WARMUP_STEPS = 5;

    /** Images the single-thread stage timings read. */
    private static final int STAGE_IMAGES = 64;

    @Override
    public String name() {
        return "bench data";
    }

    @Override
    public String summary() {
        return "images/s of the training data pipeline, and the share of a tagger step spent"
                + " waiting for data";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required(
                        "data",
                        "KIND DIR",
                        "shapes DIR (written by 'annogan shapes') or coco DIR (holding"
                                + " annotations/instances_NAME.json and NAME/ with its images)"),
                Option.optional("size", "S [S]", "image sides to measure", "64 128"),
                Option.optional("batch", "B", "images per batch (train tagger's --batch)", 16),
                Option.optional(
                        "batches",
                        "N",
                        "batches per loader pass, and training steps per size (the first "
                                + WARMUP_STEPS
                                + " are left out of the steady-state wait)",
                        40),
                Option.optional(
                        "loaders",
                        "L",
                        "background loader threads (0: load on the training thread, as before"
                                + " issue 6)",
                        1),
                Option.optional("threads", "T", "intra-op threads of the PyTorch engine", 1),
                Option.flag("json", "print one JSON line per size"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        AnnotationData.Source source = source(args.words("data"));
        List<Integer> sizes = new ArrayList<>();
        for (String word : args.words("size")) {
            int size;
            try {
                size = Integer.parseInt(word);
            } catch (NumberFormatException e) {
                throw new UserError("--size must be whole numbers, got '" + word + "'");
            }
            if (size < 16 || size > 1024 || size % 16 != 0) {
                throw new UserError(
                        "--size must be a multiple of 16 from 16 to 1024 (the tagger halves it"
                                + " four times), got "
                                + size);
            }
            sizes.add(size);
        }
        int batch = args.integer("batch", 1, 4096);
        int batches = args.integer("batches", WARMUP_STEPS + 1, 1_000_000);
        int loaders = args.integer("loaders", 0, 64);
        int threads = args.integer("threads", 1, 256);
        boolean json = args.flag("json");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (!json) {
            out.printf(
                    Locale.ROOT,
                    "%s, batch %d, %d loader thread%s, %d engine thread%s, %d cores%n",
                    source.annotations(),
                    batch,
                    loaders,
                    loaders == 1 ? "" : "s",
                    threads,
                    threads == 1 ? "" : "s",
                    Runtime.getRuntime().availableProcessors());
        }
        for (int size : sizes) {
            Result r;
            try {
                r = measure(source, size, batch, batches, loaders);
            } catch (RunSetupException e) {
                // The data cannot make the run (too few images for the batch, no validation split).
                throw new UserError(e.getMessage());
            }
            if (json) {
                out.printf(
                        Locale.ROOT,
                        "{\"data\": \"%s\", \"size\": %d, \"batch\": %d, \"loaders\": %d,"
                                + " \"threads\": %d, \"image_ms\": %.3f, \"mask_ms\": %.3f,"
                                + " \"images_per_s_decoding\": %.1f, \"images_per_s_cached\":"
                                + " %.1f, \"images_per_s_with_masks\": %.1f, \"steps\": %d,"
                                + " \"step_ms\": %.2f, \"wait_ms\": %.2f, \"max_wait_ms\": %.2f,"
                                + " \"data_wait_fraction\": %.4f,"
                                + " \"data_wait_fraction_steady\": %.4f,"
                                + " \"training_images_per_s\": %.1f}%n",
                        source.kind().name().toLowerCase(Locale.ROOT),
                        size,
                        batch,
                        loaders,
                        threads,
                        r.imageMs,
                        r.maskMs,
                        r.decodingRate,
                        r.cachedRate,
                        r.maskRate,
                        r.all.batches(),
                        r.all.stepMillisPerBatch(),
                        r.all.waitMillisPerBatch(),
                        r.all.maxWaitNanos() / 1e6,
                        r.all.fraction(),
                        r.steady.fraction(),
                        r.trainingRate);
            } else {
                out.printf(
                        Locale.ROOT,
                        "%d×%d: one thread: %.2f ms an image (decode, resize, normalise), %.2f ms"
                                + " a mask (rasterise, resize)%n",
                        size,
                        size,
                        r.imageMs,
                        r.maskMs);
                out.printf(
                        Locale.ROOT,
                        "  batches through the training feed: %.0f images/s decoding, %.0f"
                                + " cached, %.0f with segmenter masks (decoding)%n",
                        r.decodingRate,
                        r.cachedRate,
                        r.maskRate);
                out.printf(
                        Locale.ROOT,
                        "  tagger training, %d steps: %.1f ms a step, %.2f ms waiting for data"
                                + " (longest %.1f ms), %.0f images/s%n",
                        r.all.batches(),
                        r.all.stepMillisPerBatch(),
                        r.all.waitMillisPerBatch(),
                        r.all.maxWaitNanos() / 1e6,
                        r.trainingRate);
                out.printf(
                        Locale.ROOT,
                        "  data wait %.1f%% of step time (%.1f%% after %d warm-up steps)%n",
                        100 * r.all.fraction(),
                        100 * r.steady.fraction(),
                        WARMUP_STEPS);
            }
        }
        return 0;
    }

    /** What one size measured. */
    private record Result(
            double imageMs,
            double maskMs,
            double decodingRate,
            double cachedRate,
            double maskRate,
            DataWait.Snapshot all,
            DataWait.Snapshot steady,
            double trainingRate) {}

    private static Result measure(
            AnnotationData.Source source, int size, int batch, int batches, int loaders)
            throws Exception {
        AnnotationData tags = load(source, CocoDataset.Target.MULTI_HOT, size, batch);
        double[] stages = stageMillis(tags.train(), source.images());
        double[] rates = feedRates(tags, batch, batches, loaders, 2);
        AnnotationData masks = load(source, CocoDataset.Target.SEMANTIC_MASK, size, batch);
        double maskRate = feedRates(masks, batch, batches, loaders, 1)[0];
        // The tagger as 'train tagger --data ... --size S --batch B' trains it, all labelled.
        Path runFolder = Files.createTempDirectory("annogan-bench-data");
        WaitProbe probe = new WaitProbe();
        long start;
        try {
            BatchAugmentation flips =
                    source.kind() == AnnotationData.Kind.SHAPES
                            ? RandomFlips.builder().optDihedral(true).build()
                            : RandomFlips.builder().build();
            RunOptions options =
                    new RunOptions(
                            source,
                            null,
                            AnnotationData.Labels.all(),
                            false,
                            runFolder,
                            1_000_000,
                            batch,
                            size,
                            42,
                            false,
                            0.2,
                            1e-3f,
                            "bce",
                            0f,
                            flips,
                            loaders,
                            TeacherTerms.NONE,
                            0);
            start = System.nanoTime();
            TaggerRunner.train(
                    options,
                    TaggerRunner.Settings.defaults(),
                    new PrintStream(OutputStream.nullOutputStream()),
                    List.of(new StepLimit(batches), probe));
        } finally {
            deleteTree(runFolder);
        }
        DataWait.Snapshot all = probe.end.since(probe.begin);
        DataWait.Snapshot steady = probe.end.since(probe.warm);
        double trainingRate =
                (double) all.batches() * batch / ((all.waitNanos() + all.stepNanos()) / 1e9);
        return new Result(
                stages[0], stages[1], rates[0], rates[1], maskRate, all, steady, trainingRate);
    }

    /** Reads the loop's wait at the start, after the warm-up steps, and at the end. */
    private static final class WaitProbe implements GanListener {
        DataWait.Snapshot begin;
        DataWait.Snapshot warm;
        DataWait.Snapshot end;

        @Override
        public void onTrainingBegin(GanTrainer gan, int epochs, int batchesPerEpoch) {
            begin = gan.dataWait().snapshot();
            warm = begin;
        }

        @Override
        public void onStep(GanTrainer gan, StepResult result) {
            DataWait.Snapshot now = gan.dataWait().snapshot();
            if (now.batches() - begin.batches() == WARMUP_STEPS) {
                warm = now;
            }
            end = now;
        }
    }

    private static AnnotationData load(
            AnnotationData.Source source, CocoDataset.Target target, int size, int batch)
            throws IOException {
        return AnnotationData.load(
                source, null, target, size, AnnotationData.Labels.all(), 0.2, 42, batch);
    }

    /**
     * Returns the milliseconds per image of loading an image and of its semantic mask, on this
     * thread, over the first training records.
     */
    private static double[] stageMillis(CocoDataset train, Path folder) throws IOException {
        int n = (int) Math.min(STAGE_IMAGES, train.size());
        ImageLoader loader = train.imageLoader();
        // One untimed image first: class loading and the decoder's first use.
        loader.load(folder.resolve(train.image(0).fileName()));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            loader.load(folder.resolve(train.image(i).fileName()));
        }
        double imageMs = (System.nanoTime() - start) / 1e6 / n;
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CocoImage image = train.image(i);
            int[] full =
                    CocoTargets.semanticMap(
                            image, train.index().annotationsOf(image.id()), train.classes());
            loader.resizeMask(full, image.height(), image.width());
        }
        double maskMs = (System.nanoTime() - start) / 1e6 / n;
        return new double[] {imageMs, maskMs};
    }

    /**
     * Returns the images per second of {@code passes} passes over the first {@code batches} batches
     * of the training set, through the training loop's feed, each batch closed as soon as it
     * arrives (no training: the loader alone).
     */
    private static double[] feedRates(
            AnnotationData data, int batch, int batches, int loaders, int passes) throws Exception {
        RandomAccessDataset set = data.trainingSet(false, batch);
        double[] rates = new double[passes];
        try (NDManager manager = NDManager.newBaseManager();
                BatchFeed feed = new BatchFeed(loaders)) {
            for (int p = 0; p < passes; p++) {
                long images = 0;
                long start = System.nanoTime();
                BatchFeed.Batches it =
                        feed.epoch(
                                set,
                                manager,
                                new BatchSampler(new SequenceSampler(), batch, false));
                for (int b = 0; b < batches && it.hasNext(); b++) {
                    try (Batch next = it.next()) {
                        images += next.getSize();
                    }
                }
                rates[p] = images / ((System.nanoTime() - start) / 1e9);
            }
        }
        return rates;
    }

    /** Reads {@code --data KIND DIR} (or {@code KIND:DIR}). */
    static AnnotationData.Source source(List<String> words) throws UserError, IOException {
        String[] kindAndPath =
                AnnotatorOptions.kindAndPath(
                        words,
                        "data",
                        "shapes /tmp/shapes or --data coco ../shared/data/coco-tiny");
        Path path = Path.of(kindAndPath[1]);
        switch (kindAndPath[0]) {
            case "shapes" -> {
                return AnnotatorOptions.shapesFolder("data", path);
            }
            case "coco" -> {
                if (!Files.isDirectory(path)) {
                    throw new UserError("--data coco: no such folder: " + path);
                }
                return cocoSource(path);
            }
            default ->
                    throw new UserError(
                            "--data: unknown kind '"
                                    + kindAndPath[0]
                                    + "'; use shapes DIR or coco DIR");
        }
    }

    /**
     * Returns the COCO split of a folder: {@code annotations/instances_NAME.json} with its images
     * in {@code NAME/}, train2017 first if there.
     */
    private static AnnotationData.Source cocoSource(Path dir) throws UserError, IOException {
        Path annotations = dir.resolve("annotations");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(annotations)) {
            try (DirectoryStream<Path> stream =
                    Files.newDirectoryStream(annotations, "instances_*.json")) {
                stream.forEach(files::add);
            }
        }
        files.sort(
                Comparator.comparing((Path f) -> !f.getFileName().toString().contains("train"))
                        .thenComparing(Path::toString));
        for (Path file : files) {
            String name = file.getFileName().toString();
            Path images = dir.resolve(name.substring("instances_".length(), name.length() - 5));
            if (Files.isDirectory(images)) {
                return new AnnotationData.Source(AnnotationData.Kind.COCO, file, images);
            }
        }
        throw new UserError(
                dir
                        + " holds no COCO split: expected annotations/instances_NAME.json and its"
                        + " images in NAME/");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
