package dev.annogan.examples.cgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import dev.annogan.core.cgan.ConditionalDiscriminator;
import dev.annogan.core.cgan.ConditionalGenerator;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.training.GanCheckpoints;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanFit;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.listener.ConsoleProgress;
import dev.annogan.training.listener.LossCurvePlot;
import dev.annogan.training.listener.MetricsCsv;
import dev.annogan.training.listener.SampleImages;
import dev.annogan.training.listener.StepLimit;
import dev.annogan.training.objective.ConditionalGanObjective;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Trains a class-conditional GAN on Fashion-MNIST (every training image labelled; a validation
 * split carved from the training file measures it). Writes checkpoints, {@code metrics.csv}, {@code
 * loss.png}, {@code samples/epoch-NNN.png} and {@code samples/final.png} (one row of generated
 * images per class), and ends with the validation Fréchet distance and class accuracy of generated
 * images.
 */
public final class CganRunner {

    /** G's noise length. */
    public static final int NOISE_DIM = 64;

    /**
     * Both networks' base width. G's default (64: 256 channels at 7x7) costs ~3 s per step on one
     * core at batch 64; 32 is four times cheaper and enough for 28x28 grey images.
     */
    private static final int WIDTH = 32;

    private static final int SAMPLES_PER_CLASS = 8;

    private CganRunner() {}

    /**
     * The options of a run.
     *
     * @param data the Fashion-MNIST folder (the four IDX files)
     * @param out the run folder
     * @param classifier the folder of the feature classifier (trained there on first use)
     * @param mode how D is conditioned
     * @param epochs the number of epochs in all
     * @param resume whether to continue the run in {@code out}
     * @param config the GAN configuration
     * @param validationPerClass validation images held out of the training file, per class
     * @param maxSteps stop after this many steps (0: no limit), for quick trials
     */
    public record Options(
            Path data,
            Path out,
            Path classifier,
            ConditionalGanObjective.Mode mode,
            int epochs,
            boolean resume,
            GanConfig config,
            int validationPerClass,
            long maxSteps) {}

    /** Runs training and returns the last validation metrics. */
    public static Map<String, Double> train(Options options, PrintStream out) throws Exception {
        GanCheckpoints checkpoints =
                new GanCheckpoints(
                        options.out().resolve("checkpoints"),
                        options.config().keepCheckpoints(),
                        "fid",
                        false);
        if (options.resume() != checkpoints.hasLatest()) {
            throw new IllegalStateException(
                    options.resume()
                            ? "nothing to resume: " + options.out() + " holds no checkpoint"
                            : options.out()
                                    + " already holds a run; add --resume to continue it or"
                                    + " choose another --out");
        }
        FashionMnist train = dataset(options, Dataset.Usage.TRAIN);
        FashionMnist validation = dataset(options, Dataset.Usage.VALIDATION);
        int k = FashionMnist.CLASS_NAMES.size();
        int side = FashionMnist.IMAGE_SIZE;
        out.printf(
                "Fashion-MNIST %s: %d training and %d validation images; conditional GAN (%s),"
                        + " seed %d%n",
                options.data(),
                train.size(),
                validation.size(),
                options.mode().name().toLowerCase(java.util.Locale.ROOT),
                options.config().seed());
        Files.createDirectories(options.out());
        try (FidClassifier classifier =
                        FidClassifier.loadOrTrain(options.classifier(), options.data(), out);
                GanTrainer gan =
                        GanTrainer.builder()
                                .setGenerator(
                                        ConditionalGenerator.builder()
                                                .setNumClasses(k)
                                                .setOutputShape(1, side, side)
                                                .optNoiseDim(NOISE_DIM)
                                                .optWidth(WIDTH)
                                                .build())
                                .setDiscriminator(
                                        ConditionalDiscriminator.builder()
                                                .setNumClasses(k)
                                                .setInputShape(1, side, side)
                                                .optMode(discriminatorMode(options.mode()))
                                                .optWidth(WIDTH)
                                                .optSpectralNorm(true)
                                                .build())
                                .setObjective(
                                        new ConditionalGanObjective(
                                                NOISE_DIM,
                                                k,
                                                options.mode(),
                                                1f,
                                                classifier.asFunction()))
                                .optConfig(options.config())
                                .addListener(new ConsoleProgress(out))
                                .addListener(new MetricsCsv(options.out().resolve("metrics.csv")))
                                .addListener(new LossCurvePlot(options.out().resolve("loss.png")))
                                .addListener(
                                        new SampleImages(
                                                options.out().resolve("samples"),
                                                CganRunner::picture))
                                .addListener(new StepLimit(options.maxSteps()))
                                .build()) {
            Shape images = new Shape(1, 1, side, side);
            Shape ids = new Shape(1);
            gan.initialize(
                    new Shape[] {new Shape(1, NOISE_DIM), ids},
                    options.mode() == ConditionalGanObjective.Mode.PROJECTION
                            ? new Shape[] {images, ids}
                            : new Shape[] {images});
            if (options.resume()) {
                long step = checkpoints.restoreLatest(gan);
                out.printf("resumed from step %d (epoch %d)%n", step, gan.epoch() + 1);
            }
            GanFit.fit(gan, options.epochs(), train, validation, checkpoints);
            Map<String, Double> metrics = GanFit.evaluateDataset(gan, validation);
            Path finalPicture = options.out().resolve("samples/final.png");
            Files.createDirectories(finalPicture.getParent());
            javax.imageio.ImageIO.write(picture(gan), "png", finalPicture.toFile());
            if (gan.stopReason() != null) {
                out.println(gan.stopReason());
            }
            out.println();
            out.println("Validation, generated against real images");
            out.printf(
                    "  %-44s %10.2f%n",
                    "Fréchet distance (classifier features)", metrics.get("fid"));
            out.printf(
                    "  %-44s %10.4f%n",
                    "generated images recognised as their class", metrics.get("class_accuracy"));
            out.println("  samples: " + finalPicture);
            return metrics;
        }
    }

    private static ConditionalDiscriminator.Mode discriminatorMode(
            ConditionalGanObjective.Mode mode) {
        return mode == ConditionalGanObjective.Mode.PROJECTION
                ? ConditionalDiscriminator.Mode.PROJECTION
                : ConditionalDiscriminator.Mode.ACGAN;
    }

    private static FashionMnist dataset(Options options, Dataset.Usage usage)
            throws java.io.IOException {
        FashionMnist dataset =
                FashionMnist.builder()
                        .optUsage(usage)
                        .optRoot(options.data())
                        .optValidationPerClass(
                                options.validationPerClass(), options.config().seed())
                        .setSampling(options.config().batchSize(), false)
                        .build();
        dataset.prepare(null);
        return dataset;
    }

    /** A row of generated images per class, class names on the left (inference weights). */
    private static BufferedImage picture(GanTrainer gan) {
        int k = FashionMnist.CLASS_NAMES.size();
        int side = FashionMnist.IMAGE_SIZE;
        int scale = 2;
        int tile = side * scale + 4;
        int left = 110;
        float[] pixels;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            int[] classes = new int[k * SAMPLES_PER_CLASS];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = i / SAMPLES_PER_CLASS;
            }
            NDArray ids = manager.create(classes);
            pixels =
                    gan.generate(
                            manager,
                            context -> {
                                NDArray z = context.noise(new Shape(classes.length, NOISE_DIM));
                                return context.generator(new NDList(z, ids)).head().toFloatArray();
                            });
        }
        BufferedImage image =
                new BufferedImage(
                        left + SAMPLES_PER_CLASS * tile, 24 + k * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("generated, epoch " + gan.epoch(), 6, 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < k; c++) {
            int y0 = 24 + c * tile;
            g.drawString(FashionMnist.CLASS_NAMES.get(c), 6, y0 + tile / 2 + 4);
            for (int s = 0; s < SAMPLES_PER_CLASS; s++) {
                int offset = (c * SAMPLES_PER_CLASS + s) * side * side;
                int x0 = left + s * tile;
                for (int y = 0; y < side * scale; y++) {
                    for (int x = 0; x < side * scale; x++) {
                        float v = pixels[offset + (y / scale) * side + x / scale];
                        int grey = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5f)));
                        image.setRGB(x0 + x, y0 + y, grey * 0x010101);
                    }
                }
            }
        }
        g.dispose();
        return image;
    }
}
