package dev.annogan.examples.cli;

import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.bench.DataPipelineBenchmark;
import dev.annogan.examples.tagging.TaggerRunner;
import dev.annogan.training.BatchFeed;
import dev.annogan.training.DataWait;
import dev.annogan.training.run.RunSetupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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

    private static final int WARMUP_STEPS = DataPipelineBenchmark.WARMUP_STEPS;

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
    public boolean usesEngine() {
        return true;
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
            DataPipelineBenchmark.Result r;
            try {
                r = DataPipelineBenchmark.measure(source, size, batch, batches, loaders);
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
                        r.imageMs(),
                        r.maskMs(),
                        r.decodingRate(),
                        r.cachedRate(),
                        r.maskRate(),
                        r.all().batches(),
                        r.all().stepMillisPerBatch(),
                        r.all().waitMillisPerBatch(),
                        r.all().maxWaitNanos() / 1e6,
                        r.all().fraction(),
                        r.steady().fraction(),
                        r.trainingRate());
            } else {
                out.printf(
                        Locale.ROOT,
                        "%d×%d: one thread: %.2f ms an image (decode, resize, normalise), %.2f ms"
                                + " a mask (rasterise, resize)%n",
                        size,
                        size,
                        r.imageMs(),
                        r.maskMs());
                out.printf(
                        Locale.ROOT,
                        "  batches through the training feed: %.0f images/s decoding, %.0f"
                                + " cached, %.0f with segmenter masks (decoding)%n",
                        r.decodingRate(),
                        r.cachedRate(),
                        r.maskRate());
                out.printf(
                        Locale.ROOT,
                        "  tagger training, %d steps: %.1f ms a step, %.2f ms waiting for data"
                                + " (longest %.1f ms), %.0f images/s%n",
                        r.all().batches(),
                        r.all().stepMillisPerBatch(),
                        r.all().waitMillisPerBatch(),
                        r.all().maxWaitNanos() / 1e6,
                        r.trainingRate());
                out.printf(
                        Locale.ROOT,
                        "  data wait %.1f%% of step time (%.1f%% after %d warm-up steps)%n",
                        100 * r.all().fraction(),
                        100 * r.steady().fraction(),
                        WARMUP_STEPS);
            }
        }
        return 0;
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
}
