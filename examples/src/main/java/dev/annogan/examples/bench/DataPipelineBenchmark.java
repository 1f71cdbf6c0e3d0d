package dev.annogan.examples.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import dev.annogan.core.io.DurableFiles;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.BackboneStart;
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
import dev.annogan.training.teacher.TeacherTerms;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code annogan bench data} measures at one image size: single-thread decode and mask times,
 * images per second through the training loop's own batch feed (decoding, cached, with masks), and
 * the share of a real tagger step spent waiting for data ({@link DataWait}).
 */
public final class DataPipelineBenchmark {

    /**
     * Steps left out of the steady-state wait: JIT compilation and the first, unprefetched batch.
     */
    public static final int WARMUP_STEPS = 5;

    /** Images the single-thread stage timings read. */
    private static final int STAGE_IMAGES = 64;

    private DataPipelineBenchmark() {}

    /** What one size measured. */
    public record Result(
            double imageMs,
            double maskMs,
            double decodingRate,
            double cachedRate,
            double maskRate,
            DataWait.Snapshot all,
            DataWait.Snapshot steady,
            double trainingRate) {}

    /**
     * Measures one image size.
     *
     * @param source the images and annotations
     * @param size the image side
     * @param batch images per batch
     * @param batches batches of the feed and steps of the tagger
     * @param loaders background loader threads
     * @return the timings
     * @throws dev.annogan.training.run.RunSetupException when the data cannot make the run
     */
    public static Result measure(
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
                            1,
                            "bce",
                            0f,
                            flips,
                            loaders,
                            TeacherTerms.NONE,
                            0,
                            0,
                            0,
                            BackboneStart.NONE);
            start = System.nanoTime();
            TaggerRunner.train(
                    options,
                    TaggerRunner.Settings.defaults(),
                    new PrintStream(OutputStream.nullOutputStream()),
                    List.of(new StepLimit(batches), probe));
        } finally {
            DurableFiles.deleteRecursively(runFolder);
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
}
