package dev.annogan.examples.cgan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.util.Progress;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.datasets.sampling.CycledRecords;
import dev.annogan.datasets.sampling.SyntheticImages;
import dev.annogan.examples.classifier.ClassifierData;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.listener.StepLimit;
import dev.annogan.training.objective.ConditionalGanObjective;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.run.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a class-conditional GAN on Fashion-MNIST (every training image labelled, or only the few
 * labelled images of a semi-supervised split; a validation split carved from the training file
 * measures it). Writes {@code cgan.json} (the run's identity, checked on resume), checkpoints,
 * {@code metrics.csv}, {@code loss.png}, {@code samples/epoch-NNN.png}, {@code samples/final.png}
 * (one row of generated images per class) and {@code model/} (the generator as a {@link
 * ModelFolder}, which {@link #sample} reads), and ends with the validation Fréchet distance and
 * class accuracy of generated images.
 */
public final class CganRunner {

    /** G's noise length. */
    public static final int NOISE_DIM = 64;

    /**
     * Both networks' base width. G's default (64: 256 channels at 7x7) costs ~3 s per step on one
     * core at batch 64; 32 is four times cheaper and enough for 28x28 grey images.
     */
    static final int WIDTH = 32;

    /** Images per generator forward pass in {@link #sample}. */
    private static final int SAMPLE_CHUNK = 500;

    /** The run's identity, written at its start and checked on resume. */
    public static final String RUN_FILE = "cgan.json";

    /** The run's folder holding the exported generator. */
    public static final String MODEL_FOLDER = "model";

    /** The application name of the exported generator's {@code model.json}. */
    public static final String APPLICATION = "cgan-generator";

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
     * @param labelsPerClass train only on the images per class that keep their labels in a
     *     semi-supervised run of the same seed and validation split ({@link
     *     ClassifierData#labelledOnly}); 0 trains on every training image
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
            long maxSteps,
            int labelsPerClass) {}

    /** Runs training and returns the last validation metrics. */
    public static Map<String, Double> train(Options options, PrintStream out) throws Exception {
        // The checkpoints hold the generator cgan.json describes; a resume with other options
        // would train on, or describe, something else.
        TrainingRun run =
                TrainingRun.open(
                        options.out(),
                        options.resume(),
                        new TrainingRun.Checkpoints(
                                options.config().keepCheckpoints(), "fid", false),
                        RUN_FILE,
                        JsonParser.parseString(runJson(options)).getAsJsonObject());
        FashionMnist all = dataset(options, Dataset.Usage.TRAIN);
        FashionMnist validation = dataset(options, Dataset.Usage.VALIDATION);
        RandomAccessDataset train = all;
        String images = all.size() + " training";
        if (options.labelsPerClass() > 0) {
            FashionMnist labelled =
                    ClassifierData.labelledOnly(
                            options.data(),
                            options.labelsPerClass(),
                            options.validationPerClass(),
                            options.config().seed(),
                            options.config().batchSize());
            // Epochs as long as over the full split, so --epochs, checkpoints and validation keep
            // their spacing in steps; the generator still sees only these images.
            train = new CycledRecords(labelled, all.size(), options.config().batchSize());
            images =
                    String.format(
                            "%d labelled training (%d per class, the labelled split of 'train ssl"
                                    + " --seed %d'; cycled to %d per epoch)",
                            labelled.size(),
                            options.labelsPerClass(),
                            options.config().seed(),
                            all.size());
        }
        out.printf(
                "Fashion-MNIST %s: %s and %d validation images; conditional GAN (%s), seed %d%n",
                options.data(),
                images,
                validation.size(),
                options.mode().name().toLowerCase(Locale.ROOT),
                options.config().seed());
        try (FidClassifier classifier =
                FidClassifier.loadOrTrain(options.classifier(), options.data(), out)) {
            ConditionalGan app = new ConditionalGan(options.mode(), classifier.asFunction());
            return train(options, run, app, train, validation, out);
        }
    }

    private static Map<String, Double> train(
            Options options,
            TrainingRun run,
            ConditionalGan app,
            RandomAccessDataset train,
            FashionMnist validation,
            PrintStream out)
            throws Exception {
        try (GanTrainer gan =
                run.trainer(app, options.config(), out, 1)
                        .addListener(new StepLimit(options.maxSteps()))
                        .build()) {
            run.initialize(gan, app, out);
            // From here on Ctrl-C ends the step, saves a checkpoint and lets the run finish
            // (final validation, export) before the process exits.
            TrainingRun.Interruption interruption = run.stopOnInterrupt(gan, out);
            try {
                FitLoop.fit(gan, TrainingStep.adversarial(), options.epochs(), train, validation);
                Map<String, Double> metrics = FitLoop.evaluateDataset(gan, validation);
                exportGenerator(gan, options);
                Path finalPicture = options.out().resolve("samples/final.png");
                AtomicFile.writeImage(finalPicture, app.picture(gan), "png");
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
                        "generated images recognised as their class",
                        metrics.get("class_accuracy"));
                out.println("  samples: " + finalPicture);
                return metrics;
            } finally {
                interruption.close();
            }
        }
    }

    /**
     * Returns the generator's architecture: what training builds and what {@link #sample} expects
     * to load.
     *
     * @return the spec of a Fashion-MNIST class-conditional generator
     */
    public static BlockSpec generatorSpec() {
        int side = FashionMnist.IMAGE_SIZE;
        return BlockSpec.of("conditional-generator")
                .with("numClasses", FashionMnist.CLASS_NAMES.size())
                .with("outputShape", List.of(1, side, side))
                .with("noiseDim", NOISE_DIM)
                .with("width", WIDTH);
    }

    /**
     * Exports G (its inference weights, the EMA when kept) into the run's {@code model/}, with the
     * labelled split it learnt from, which {@link #sample} checks.
     */
    private static void exportGenerator(GanTrainer gan, Options options) throws IOException {
        JsonObject details = new JsonObject();
        details.addProperty("mode", options.mode().name().toLowerCase(Locale.ROOT));
        JsonArray classes = new JsonArray();
        FashionMnist.CLASS_NAMES.forEach(classes::add);
        details.add("classes", classes);
        details.addProperty("labelsPerClass", options.labelsPerClass());
        details.addProperty("validationPerClass", options.validationPerClass());
        details.addProperty("seed", options.config().seed());
        details.addProperty("step", gan.step());
        ModelSpec spec =
                new ModelSpec(
                        APPLICATION,
                        generatorSpec(),
                        List.of(ModelSpec.Input.floats(1, NOISE_DIM), ModelSpec.Input.ints(1)),
                        details);
        gan.withInferenceWeights(
                () -> {
                    ModelFolder.save(
                            options.out().resolve(MODEL_FOLDER),
                            gan.generatorModel().getBlock(),
                            spec,
                            null);
                    return null;
                });
    }

    /** The run's identity: what it trains and on which labels; a resume must match it. */
    private static String runJson(Options options) {
        JsonObject json = new JsonObject();
        json.addProperty("mode", options.mode().name().toLowerCase(Locale.ROOT));
        json.addProperty("classes", FashionMnist.CLASS_NAMES.size());
        json.addProperty("imageSize", FashionMnist.IMAGE_SIZE);
        json.addProperty("noiseDim", NOISE_DIM);
        json.addProperty("width", WIDTH);
        json.addProperty("seed", options.config().seed());
        json.addProperty("emaDecay", options.config().emaDecay());
        json.addProperty("labelsPerClass", options.labelsPerClass());
        json.addProperty("validationPerClass", options.validationPerClass());
        return json + "\n";
    }

    /**
     * Generates labelled images with the generator of a {@code train cgan} run, for augmentation:
     * {@code perClass} images of every class, class after class, from the generator the run
     * exported into {@code model/} at its end (its EMA weights when it keeps them, as its samples
     * and Fréchet distance use). The last weights, not those with the best Fréchet distance: that
     * distance is measured with a classifier trained on every label, and choosing by it would let
     * those labels in through the back door.
     *
     * <p>For the same reason the generator must have learnt from the labelled images of the
     * semi-supervised run it feeds and no others: {@code split} is that run's split, and a cGAN
     * trained on every label, or on another seed's or validation size's split, is refused.
     *
     * @param runDir the run folder
     * @param perClass images per class
     * @param seed the seed of the noise
     * @param split the labelled split of the run that will use the images
     * @param progress told of every chunk generated, or null
     * @return the images in {@code [-1, 1]} and their classes
     * @throws RunSetupException if {@code runDir} is no finished cGAN run, learnt from other labels
     *     than {@code split}'s, or its generator makes other classes or image sizes than
     *     Fashion-MNIST's
     */
    public static SyntheticImages sample(
            Path runDir, int perClass, long seed, LabelledSplit split, Progress progress)
            throws Exception {
        Path folder = runDir.resolve(MODEL_FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new RunSetupException(
                    Files.isRegularFile(runDir.resolve(RUN_FILE))
                            ? runDir
                                    + " has no exported generator (model/): the run has not"
                                    + " finished, or an AnnoGAN from before the common model"
                                    + " format trained it; run 'annogan train cgan' on it again"
                                    + " with its options and --resume to export it"
                            : runDir + " is not a run folder of 'train cgan' (it has no model/)");
        }
        int k = FashionMnist.CLASS_NAMES.size();
        int side = FashionMnist.IMAGE_SIZE;
        float[] images = new float[k * perClass * side * side];
        int[] ids = new int[k * perClass];
        LabelledSplit learnt;
        long step;
        String mode;
        ModelFolder.LoadedModel loaded;
        try {
            loaded = ModelFolder.load(folder, APPLICATION);
        } catch (IOException e) {
            throw new RunSetupException(e.getMessage(), e);
        }
        try (loaded) {
            Path file = folder.resolve(ModelFolder.SPEC_FILE);
            JsonObject details = loaded.spec().details();
            if (!loaded.spec().block().equals(generatorSpec())) {
                throw new RunSetupException(
                        String.format(
                                "%s: its generator (%s) is not this version's %d-class %dx%d one",
                                file, loaded.spec().block(), k, side, side));
            }
            learnt =
                    new LabelledSplit(
                            intField(details, file, "labelsPerClass"),
                            intField(details, file, "validationPerClass"),
                            longField(details, file, "seed"));
            if (!learnt.equals(split)) {
                throw new RunSetupException(
                        String.format(
                                "%s learnt from %s, this run has %s; train the cGAN with 'train"
                                        + " cgan --labels-per-class %d --validation-per-class %d"
                                        + " --seed %d'",
                                runDir,
                                learnt,
                                split,
                                split.labelsPerClass(),
                                split.validationPerClass(),
                                split.seed()));
            }
            step = longField(details, file, "step");
            mode = field(details, file, "mode").getAsString();
            // Noise from the engine's generator, seeded here, so the images vary with this seed.
            Engine.getInstance().setRandomSeed((int) seed);
            NDManager base = loaded.model().getNDManager();
            if (progress != null) {
                progress.reset("Generating", (long) k * perClass);
            }
            // Class after class, in forward passes of at most SAMPLE_CHUNK images, so that memory
            // does not grow with perClass.
            for (int c = 0; c < k; c++) {
                for (int done = 0; done < perClass; done += SAMPLE_CHUNK) {
                    int n = Math.min(SAMPLE_CHUNK, perClass - done);
                    int from = c * perClass + done;
                    int[] chunk = new int[n];
                    Arrays.fill(chunk, c);
                    System.arraycopy(chunk, 0, ids, from, n);
                    float[] pixels;
                    try (NDManager m = base.newSubManager()) {
                        NDArray z = m.randomNormal(new Shape(n, NOISE_DIM));
                        pixels =
                                loaded.block()
                                        .forward(
                                                new ParameterStore(m, false),
                                                new NDList(z, m.create(chunk)),
                                                false)
                                        .head()
                                        .toFloatArray();
                    }
                    System.arraycopy(pixels, 0, images, from * side * side, pixels.length);
                    if (progress != null) {
                        progress.increment(n);
                    }
                }
            }
            if (progress != null) {
                progress.end();
            }
        }
        JsonObject source = new JsonObject();
        source.addProperty("run", runDir.toString());
        source.addProperty("checkpointStep", step);
        source.addProperty("mode", mode);
        source.addProperty("cganSeed", learnt.seed());
        source.addProperty("cganLabelsPerClass", learnt.labelsPerClass());
        source.addProperty("noiseSeed", seed);
        return new SyntheticImages(images, ids, side, perClass, source.toString());
    }

    /**
     * The labelled images a cGAN learns from: those a semi-supervised run of the same three values
     * keeps labelled ({@link ClassifierData#labelledOnly}).
     *
     * @param labelsPerClass labelled images per class; 0 for every training image
     * @param validationPerClass images per class held out for validation first
     * @param seed the seed that draws both
     */
    public record LabelledSplit(int labelsPerClass, int validationPerClass, long seed) {
        @Override
        public String toString() {
            return labelsPerClass == 0
                    ? "every training label"
                    : String.format(
                            "%d labels per class (validation %d per class, seed %d)",
                            labelsPerClass, validationPerClass, seed);
        }
    }

    /** Returns a field of the exported generator's details, or refuses naming it. */
    private static JsonPrimitive field(JsonObject run, Path file, String name) {
        JsonElement value = run.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            throw new RunSetupException(file + ": field '" + name + "' is missing");
        }
        return value.getAsJsonPrimitive();
    }

    private static int intField(JsonObject run, Path file, String name) {
        long value = longField(run, file, name);
        if (value != (int) value) {
            throw new RunSetupException(
                    file + ": field '" + name + "' is out of range, got " + value);
        }
        return (int) value;
    }

    private static long longField(JsonObject run, Path file, String name) {
        JsonPrimitive value = number(run, file, name);
        try {
            // Exact, so that a seed above 2^53 survives (a double would round it).
            return value.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw new RunSetupException(
                    file + ": field '" + name + "' must be a whole number, got " + value);
        }
    }

    private static JsonPrimitive number(JsonObject run, Path file, String name) {
        JsonPrimitive value = field(run, file, name);
        if (!value.isNumber()) {
            throw new RunSetupException(
                    file + ": field '" + name + "' must be a number, got " + value);
        }
        return value;
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
}
