package dev.annogan.examples.classifier;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import com.google.gson.JsonObject;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.datasets.sampling.LabelledUnlabelledPairs;
import dev.annogan.datasets.sampling.SyntheticImages;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanCheckpoints;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.StepResult;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.checkpoint.Checkpoint;
import dev.annogan.training.objective.ClassifierAccuracy;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.run.TrainingRun;
import dev.annogan.training.teacher.TeacherTerms;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains a K+1 GAN classifier (Salimans et al. 2016) on Fashion-MNIST with a few labels per class,
 * or, as its baseline, the same classifier on the labelled images alone; then reports its accuracy
 * on the 10,000 test images.
 *
 * <p>The training file is split, by seed, into a validation set (every label kept; it drives every
 * choice: the checkpoint kept and, through the runs compared on it, the hyper-parameters) and a
 * training set of which {@code labelsPerClass} images per class keep their labels. One epoch is one
 * pass over the unlabelled images, each step a batch of B of them plus B labelled ones drawn
 * cyclically ({@link LabelledUnlabelledPairs}); the baseline takes the same steps and uses only
 * their labelled half. After the last epoch the run keeps the weights with the best validation
 * accuracy (the last ones or a checkpoint's) and measures them once on the test set.
 *
 * <p>Synthetic labelled images ({@link Options#synthetic}, e.g. a conditional GAN's) join the
 * labelled images the labelled half of each step is drawn from; nothing else changes.
 *
 * <p>The run folder holds {@code checkpoints/} (resumable), {@code metrics.csv}, {@code loss.png},
 * {@code samples/epoch-NNN.png} and {@code result.json}.
 */
public final class ClassifierRunner {

    private static final int NOISE_DIM = ClassifierArchitecture.NOISE_DIM;
    private static final int PICTURE_PER_CLASS = 2;

    private ClassifierRunner() {}

    /**
     * The options of a run.
     *
     * @param data the Fashion-MNIST folder (the four gzipped IDX files)
     * @param out the run folder
     * @param labelsPerClass training images per class that keep their labels
     * @param validationPerClass training images per class held out for validation
     * @param baseline whether to train the supervised-only baseline instead of the GAN
     * @param epochs epochs in all (a resumed run continues to it)
     * @param resume whether to continue the run in {@code out}
     * @param config batch size, learning rates, seed (checkpoints and the guard are the run's own)
     * @param unsupervisedWeight the weight of D's unsupervised (real/fake) term against its
     *     cross-entropy, which weighs 1
     * @param decayFrom the fraction of the run's steps after which both learning rates fall
     *     linearly to 0 at the last step; 1 keeps them constant
     * @param architecture the networks
     * @param trainLimit at most this many unlabelled images per epoch (0: all), for quick runs
     * @param maxSteps stop after this many steps in all (0: no limit), for quick runs
     * @param test whether to measure the kept weights on the test set at the end; leave it off
     *     while choosing hyper-parameters, so the test set drives no choice
     * @param synthetic generated labelled images to add to the labelled pool, or null for none
     * @param teacher consistency and pseudo-label terms on the unlabelled images: the classifier
     *     learns from its moving average (D's in the GAN, G's in the baseline, whose decay the
     *     config must set); {@link TeacherTerms#NONE} for none
     * @param rampUp the fraction of the run's steps over which the teacher terms ramp up
     * @param weak the augmentation of every batch (both methods)
     * @param strong the student's extra augmentation of unlabelled images for the teacher terms
     */
    public record Options(
            Path data,
            Path out,
            int labelsPerClass,
            int validationPerClass,
            boolean baseline,
            int epochs,
            boolean resume,
            GanConfig config,
            float unsupervisedWeight,
            double decayFrom,
            ClassifierArchitecture architecture,
            int trainLimit,
            long maxSteps,
            boolean test,
            SyntheticImages synthetic,
            TeacherTerms teacher,
            double rampUp,
            ImageAugmentation weak,
            ImageAugmentation strong) {}

    /**
     * Runs training, then (if asked) the test.
     *
     * @throws RunSetupException when {@code out} holds a run and resume was not asked (or the
     *     reverse), or the split leaves no labelled or no unlabelled image
     */
    public static ClassifierResult train(Options options, PrintStream out) throws Exception {
        long start = System.nanoTime();
        GanConfig runConfig = withRunSettings(options.config());
        long seed = runConfig.seed();
        int batchSize = runConfig.batchSize();
        JsonObject identity = new JsonObject();
        identity.addProperty("application", "ssl");
        identity.addProperty("mode", options.baseline() ? "baseline" : "adversarial");
        identity.addProperty(
                "network", options.architecture().network().name().toLowerCase(Locale.ROOT));
        identity.addProperty("labelsPerClass", options.labelsPerClass());
        identity.addProperty("validationPerClass", options.validationPerClass());
        identity.addProperty("seed", seed);
        if (options.teacher().enabled()) {
            identity.add(
                    "teacher", options.teacher().identity(options.rampUp(), 0, "mean teacher"));
        }
        TrainingRun run =
                TrainingRun.open(
                        options.out(),
                        options.resume(),
                        new TrainingRun.Checkpoints(
                                runConfig.keepCheckpoints(), ClassifierAccuracy.KEY, true),
                        TrainingRun.RUN_FILE,
                        identity);
        GanCheckpoints checkpoints = run.checkpoints();
        ClassifierData data =
                ClassifierData.load(
                        options.data(),
                        options.labelsPerClass(),
                        options.validationPerClass(),
                        options.trainLimit(),
                        seed);
        if (options.synthetic() != null) {
            data = data.withSynthetic(options.synthetic());
        }
        String method =
                (options.baseline() ? "supervised baseline" : "k+1 gan")
                        + (options.teacher().enabled() ? " with mean teacher" : "");
        out.printf("%s; %s, seed %d%n", data.describe(), method, seed);
        Files.createDirectories(options.out());
        LabelledUnlabelledPairs pairs = data.pairs(batchSize);
        GanConfig config = withDecay(runConfig, options, pairs.size());
        long steps = options.epochs() * ((pairs.size() + batchSize - 1) / batchSize);
        TeacherTerms teacher = options.teacher().withRampUp(Math.round(options.rampUp() * steps));

        ClassifierArchitecture arch = options.architecture();
        ClassifierData.Examples examples = data.examples(PICTURE_PER_CLASS);
        ClassifierPicture picture =
                new ClassifierPicture(
                        FashionMnist.CLASS_NAMES,
                        options.baseline() ? 0 : NOISE_DIM,
                        options.baseline(),
                        examples.images(),
                        examples.classes(),
                        FashionMnist.IMAGE_SIZE,
                        seed);
        KPlusOneClassifier app =
                new KPlusOneClassifier(
                        arch,
                        options.baseline(),
                        batchSize,
                        options.unsupervisedWeight(),
                        teacher,
                        options.strong(),
                        picture);
        Block classifier = app.classifier();
        GanTrainer.Builder builder =
                run.trainer(app, config, out, 1).optAugmentation(options.weak());
        if (options.maxSteps() > 0) {
            builder.addListener(stopAfter(options.maxSteps()));
        }
        try (GanTrainer gan = builder.build()) {
            // The classifier starts from the same weights in both methods: seeded here, before the
            // trainer initialises (and would draw G's weights first in the GAN).
            NDManager classifierManager =
                    (options.baseline() ? gan.generatorModel() : gan.discriminatorModel())
                            .getNDManager();
            Shape imageShape = ClassifierArchitecture.imageShape(batchSize);
            Engine.getInstance().setRandomSeed((int) seed);
            classifier.initialize(classifierManager, DataType.FLOAT32, imageShape);
            gan.initialize(app.generatorInputs(), app.discriminatorInputs());
            run.resumeIfAsked(gan, out);
            if (!options.resume()) {
                // From the labelled images only, so that both methods start from the same weights
                // and the baseline never sees an unlabelled image.
                Engine.getInstance().setRandomSeed((int) seed);
                try (NDManager scope = classifierManager.newSubManager()) {
                    arch.initializeFromData(
                            classifier,
                            new ParameterStore(scope, false),
                            data.labelledImages(scope));
                }
            }
            FashionMnist validation = data.validation();
            TrainingStep step =
                    options.baseline() ? TrainingStep.supervised() : TrainingStep.adversarial();
            // From here on Ctrl-C ends the step, saves a checkpoint and lets the run finish
            // (final validation, export) before the process exits.
            TrainingRun.Interruption interruption = run.stopOnInterrupt(gan, out);
            try {
                FitLoop.fit(gan, step, options.epochs(), pairs, validation);
                if (gan.stopReason() != null) {
                    out.println(gan.stopReason());
                }
                ConfusionMatrix kept = keepBestWeights(gan, checkpoints, validation, out);
                ConfusionMatrix test =
                        options.test() ? accuracy(gan, data.test()).confusion() : null;
                ClassifierResult result =
                        new ClassifierResult(
                                method, gan.step(), kept, test, (System.nanoTime() - start) / 1e9);
                result.printTable(out);
                AtomicFile.writeText(
                        options.out().resolve("result.json"),
                        w -> w.write(result.toJson(options, config, teacher)));
                return result;
            } finally {
                interruption.close();
            }
        }
    }

    /**
     * Returns the config with the run's own checkpoint and guard settings: a checkpoint every 500
     * steps, the last two kept, and a divergence guard that counts only non-finite losses, since D
     * of a feature-matching GAN may tell every fake apart for long stretches, which is no collapse.
     */
    private static GanConfig withRunSettings(GanConfig config) {
        return config.toBuilder().optCheckpoints(500, 2).optDivergenceGuard(0, 3, 0.5f).build();
    }

    /**
     * Returns the config with its learning-rate decay set: constant for the first {@code decayFrom}
     * of the run's steps, then falling linearly to 0 at its last step.
     */
    private static GanConfig withDecay(GanConfig config, Options options, long pairs) {
        if (options.decayFrom() >= 1) {
            return config;
        }
        long steps = options.epochs() * ((pairs + config.batchSize() - 1) / config.batchSize());
        int end = Math.toIntExact(Math.max(2, steps));
        int decayStart = (int) Math.floor(options.decayFrom() * end);
        return config.toBuilder().optLearningRateDecay(Math.min(decayStart, end - 1), end).build();
    }

    private static GanListener stopAfter(long maxSteps) {
        return new GanListener() {
            @Override
            public void onStep(GanTrainer gan, StepResult result) {
                if (gan.step() >= maxSteps) {
                    gan.requestStop("stopped after --max-steps " + maxSteps + " steps");
                }
            }
        };
    }

    /**
     * Keeps the weights with the best validation accuracy: the current ones, or the best
     * checkpoint's if it scored higher. Returns their validation counts.
     */
    private static ConfusionMatrix keepBestWeights(
            GanTrainer gan, GanCheckpoints checkpoints, FashionMnist validation, PrintStream out)
            throws Exception {
        ConfusionMatrix current = accuracy(gan, validation).confusion();
        Optional<Checkpoint> best = checkpoints.store().best();
        if (best.isPresent()
                && best.get().metric().isPresent()
                && best.get().metric().getAsDouble() > current.pixelAccuracy()) {
            GanCheckpoints.restore(gan, best.get());
            out.printf(
                    "kept the weights of step %d (validation accuracy %.4f; the last weights had"
                            + " %.4f)%n",
                    gan.step(), best.get().metric().getAsDouble(), current.pixelAccuracy());
            return accuracy(gan, validation).confusion();
        }
        return current;
    }

    private static ClassifierAccuracy accuracy(GanTrainer gan, FashionMnist dataset)
            throws Exception {
        ClassifierAccuracy validation = (ClassifierAccuracy) gan.newValidation();
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            for (Batch batch : dataset.getData(manager)) {
                try {
                    FitLoop.validateBatch(gan, validation, batch);
                } finally {
                    batch.close();
                }
            }
        }
        return validation;
    }
}
