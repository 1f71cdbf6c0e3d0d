package dev.annogan.examples.pretrain;

import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonObject;
import dev.annogan.core.backbone.ImageBackbone;
import dev.annogan.core.backbone.ImageCritic;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.datasets.image.ImageFilesDataset;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.listener.StepLimit;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.run.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ImagePretraining} on every image of a folder and exports D's encoder as a backbone
 * ({@link ImageBackbone}) into {@code <run>/backbone}, which {@code train tagger|segmenter
 * --backbone} takes. Writes {@code run.json} (the run's identity, checked on resume), checkpoints,
 * {@code metrics.csv} (D's accuracy on 256 of the images and as many generated ones), {@code
 * loss.png} and {@code samples/epoch-NNN.png} (G's images).
 */
public final class PretrainRunner {

    /** The run's folder holding the exported backbone. */
    public static final String BACKBONE_FOLDER = "backbone";

    /** How many of the images validation shows D, against as many generated ones. */
    static final int MONITORED_IMAGES = 256;

    /** The normalisation of every AnnoGAN annotator's images, so backbone and annotator agree. */
    static final Normalization NORMALIZATION = Normalization.SYMMETRIC;

    private PretrainRunner() {}

    /**
     * The networks' sizes.
     *
     * @param size the side images are resized to
     * @param width the channels of D's first convolution, the backbone's width
     * @param depth D's stride-2 convolutions, the backbone's depth
     * @param generatorWidth G's base width (its first map has 4x as many channels)
     * @param noiseDim the length of G's noise input
     */
    public record Settings(int size, int width, int depth, int generatorWidth, int noiseDim) {

        /** The defaults: 64 pixels, the tagger's encoder (width 32, depth 4), G of width 32. */
        public static Settings defaults() {
            return new Settings(64, 32, 4, 32, 64);
        }
    }

    /**
     * The options of a run.
     *
     * @param images the folder whose images (subfolders included) the GAN learns from
     * @param out the run folder
     * @param settings the networks' sizes
     * @param epochs the number of epochs in all (a resumed run continues to it)
     * @param resume whether to continue the run in {@code out}
     * @param config the GAN configuration
     * @param maxSteps stop after this many steps in all (0: no limit)
     */
    public record Options(
            Path images,
            Path out,
            Settings settings,
            int epochs,
            boolean resume,
            GanConfig config,
            long maxSteps) {}

    /**
     * Trains and exports the backbone.
     *
     * @return the folder of the exported backbone
     * @throws RunSetupException when the images or the run folder do not fit the request
     */
    public static Path train(Options options, PrintStream out) throws Exception {
        Settings settings = options.settings();
        int factor = 1 << settings.depth();
        if (settings.size() % factor != 0) {
            throw new RunSetupException(
                    "--size " + settings.size() + " does not divide by 2^--depth = " + factor);
        }
        ImageFilesDataset images;
        try {
            images =
                    ImageFilesDataset.builder()
                            .setFolder(options.images())
                            .setImageLoader(
                                    ImageLoader.builder()
                                            .setSize(settings.size(), settings.size())
                                            .optNormalization(NORMALIZATION)
                                            .build())
                            .setSampling(options.config().batchSize(), true)
                            .build();
            images.prepare(null);
        } catch (NoSuchFileException e) {
            throw new RunSetupException("--images " + e.getFile() + ": " + e.getReason());
        }
        TrainingRun run =
                TrainingRun.open(
                        options.out(),
                        options.resume(),
                        new TrainingRun.Checkpoints(options.config().keepCheckpoints(), null, true),
                        TrainingRun.RUN_FILE,
                        identity(options, images));
        out.printf(
                "pretrain: %d images of %s at %dx%d; DCGAN, D's encoder width %d depth %d, seed"
                        + " %d%n",
                images.size(),
                options.images(),
                settings.size(),
                settings.size(),
                settings.width(),
                settings.depth(),
                options.config().seed());
        RandomAccessDataset monitored = monitored(images);
        ImagePretraining app = new ImagePretraining(settings, NORMALIZATION);
        long start = System.nanoTime();
        try (GanTrainer gan =
                run.trainer(app, options.config(), out, 1)
                        .addListener(new StepLimit(options.maxSteps()))
                        .build()) {
            run.initialize(gan, app, out);
            TrainingRun.Interruption interruption = run.stopOnInterrupt(gan, out);
            try {
                FitLoop.fit(gan, TrainingStep.adversarial(), options.epochs(), images, monitored);
                if (gan.stopReason() != null) {
                    out.println(gan.stopReason());
                }
                Map<String, Double> metrics = FitLoop.evaluateDataset(gan, monitored);
                Path backbone = options.out().resolve(BACKBONE_FOLDER);
                export(gan, backbone, options, images);
                AtomicFile.writeImage(
                        options.out().resolve("samples/final.png"), app.picture(gan), "png");
                out.printf(
                        "trained in %.1f s (%d steps)%n",
                        (System.nanoTime() - start) / 1e9, gan.step());
                out.printf(
                        "D tells images from generated ones: %.1f%% of %d images, %.1f%% of as"
                                + " many generated%n",
                        100 * metrics.getOrDefault("real_accuracy", Double.NaN),
                        monitored.size(),
                        100 * metrics.getOrDefault("fake_accuracy", Double.NaN));
                out.println("backbone saved to " + backbone);
                out.println(
                        "use it: annogan train segmenter|tagger ... --size "
                                + settings.size()
                                + " --backbone "
                                + backbone);
                return backbone;
            } finally {
                interruption.close();
            }
        }
    }

    /** Exports D's encoder (its averaged weights if the run keeps them) as a backbone. */
    private static void export(
            GanTrainer gan, Path folder, Options options, ImageFilesDataset images)
            throws IOException {
        JsonObject details = new JsonObject();
        details.addProperty("images", images.size());
        details.addProperty("imageFolder", options.images().toString());
        details.addProperty("seed", options.config().seed());
        details.addProperty("steps", gan.step());
        ImageCritic critic = (ImageCritic) gan.discriminatorModel().getBlock();
        gan.withInferenceWeights(
                () -> {
                    ImageBackbone.save(
                            folder,
                            critic.getEncoder(),
                            mean(NORMALIZATION),
                            std(NORMALIZATION),
                            details);
                    return null;
                });
    }

    /** Evenly spaced images that validation shows D, at most {@link #MONITORED_IMAGES}. */
    private static RandomAccessDataset monitored(ImageFilesDataset images) {
        int n = (int) Math.min(MONITORED_IMAGES, images.size());
        List<Long> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add((long) i * images.size() / n);
        }
        return images.subDataset(indices);
    }

    private static JsonObject identity(Options options, ImageFilesDataset images) {
        Settings s = options.settings();
        JsonObject json = new JsonObject();
        json.addProperty("application", "pretrain");
        json.addProperty("images", options.images().toAbsolutePath().normalize().toString());
        json.addProperty("imageCount", images.size());
        json.addProperty("size", s.size());
        json.addProperty("width", s.width());
        json.addProperty("depth", s.depth());
        json.addProperty("generatorWidth", s.generatorWidth());
        json.addProperty("noiseDim", s.noiseDim());
        json.addProperty("seed", options.config().seed());
        return json;
    }

    private static float[] mean(Normalization n) {
        return new float[] {n.mean(0), n.mean(1), n.mean(2)};
    }

    private static float[] std(Normalization n) {
        return new float[] {n.std(0), n.std(1), n.std(2)};
    }
}
