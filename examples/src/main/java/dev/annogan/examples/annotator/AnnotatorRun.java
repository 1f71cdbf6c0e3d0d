package dev.annogan.examples.annotator;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import com.google.gson.JsonObject;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.datasets.sampling.BalancedTrainingSet;
import dev.annogan.training.AnnotatorExport;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanApplication;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanListener;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.SupervisedStep;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.Validation;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.run.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run both annotator applications share once their networks are built: the run folder, the
 * trainer with its listeners ({@code metrics.csv}, {@code loss.png}, {@code samples/epoch-NNN.png}
 * and a progress bar), training ({@link FitLoop} with the adversarial step, or the supervised
 * baseline's step: G alone on the labelled images), the final validation, and G exported as an
 * annotator into {@code model/}.
 */
public final class AnnotatorRun {

    /** The folder of a run that holds the exported annotator. */
    public static final String MODEL_FOLDER = "model";

    /** The score a prediction needs by default: a tag's probability, a mask's mean probability. */
    public static final float DEFAULT_THRESHOLD = 0.5f;

    private AnnotatorRun() {}

    /**
     * How the run ended.
     *
     * @param validation the final validation over the held-out set, for per-class figures
     * @param metrics its metrics
     * @param epoch the number of epochs trained
     * @param step the number of G updates
     */
    public record Outcome(
            Validation validation, Map<String, Double> metrics, int epoch, long step) {}

    /**
     * Trains, validates, and exports G as an annotator into {@code <run>/model/} (see {@link
     * AnnotatorExport}), which {@code annogan annotate} and DJL's {@code Criteria} load.
     *
     * @param options the run's options
     * @param data the data, already split
     * @param app what to train: the tagger or the segmenter
     * @param out where progress goes
     * @param listeners more listeners of the trainer, after the run's own (e.g. a progress display
     *     shared by several runs)
     * @throws RunSetupException when the run folder does not fit the request
     */
    public static Outcome train(
            RunOptions options,
            AnnotationData data,
            AnnotatorApplication app,
            PrintStream out,
            List<GanListener> listeners)
            throws Exception {
        boolean baseline = options.baseline();
        boolean withUnlabelled = withUnlabelled(options, data);
        long totalSteps = (long) options.epochs() * stepsPerEpoch(options, data);
        GanConfig config = options.config(withUnlabelled, totalSteps);
        JsonObject identity = identity(options, app.name(), app.teacherIdentity());
        if (options.backbone().enabled()) {
            options.backbone().check(data.train().imageLoader().getNormalization());
        }
        TrainingRun run =
                TrainingRun.open(
                        options.out(),
                        options.resume(),
                        new TrainingRun.Checkpoints(
                                config.keepCheckpoints(), app.metric(), app.higherIsBetter()),
                        TrainingRun.RUN_FILE,
                        identity);
        BalancedTrainingSet trainSet = data.trainingSet(withUnlabelled, config.batchSize());
        out.println(data.summary());
        if (!baseline && data.train().unlabelledIndices().isEmpty()) {
            out.println(
                    "note: every training image keeps its label, so D sees no unlabelled image;"
                            + " --labeled-fraction F (or --labels-per-class N) keeps only part of"
                            + " them, the semi-supervised setting");
        }
        out.printf(
                "%s: %s; %d labelled%s images per step, %d steps an epoch%n",
                options.mode(),
                (baseline
                                ? "G alone"
                                        + (withUnlabelled ? "" : " on the labelled images")
                                        + " (no D)"
                                : app.describe())
                        + (options.teacher().enabled()
                                ? "; "
                                        + app.teacherName()
                                        + " "
                                        + options.teacherTerms(totalSteps).toJson()
                                : "")
                        + (options.backbone().enabled()
                                ? "; " + options.backbone().describe()
                                : ""),
                options.batchSize(),
                withUnlabelled ? " + " + options.batchSize() + " unlabelled" : "",
                stepsPerEpoch(options, data));
        long start = System.nanoTime();
        GanApplication trained = baseline ? SupervisedStep.withoutDiscriminator(app) : app;
        GanTrainer.Builder builder =
                run.trainer(trained, config, out, 1).optAugmentation(options.augmentation());
        listeners.forEach(builder::addListener);
        try (GanTrainer gan = builder.build()) {
            run.initialize(gan, trained, out);
            TrainingStep step = baseline ? TrainingStep.supervised() : TrainingStep.adversarial();
            // From here on Ctrl-C ends the step, saves a checkpoint and lets the run finish
            // (final validation, export) before the process exits.
            TrainingRun.Interruption interruption = run.stopOnInterrupt(gan, out);
            try {
                FitLoop.fit(gan, step, options.epochs(), trainSet, data.validation());
                if (gan.stopReason() != null) {
                    out.println(gan.stopReason());
                }
                Validation validation = gan.newValidation();
                try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
                    for (Batch batch : data.validation().getData(manager)) {
                        try (batch) {
                            gan.validateBatch(validation, batch);
                        }
                    }
                }
                out.printf("trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
                Path model = options.out().resolve(MODEL_FOLDER);
                AnnotatorExport.save(model, gan, annotatorSpec(app, data));
                out.println("annotator saved to " + model);
                return new Outcome(validation, validation.metrics(), gan.epoch(), gan.step());
            } finally {
                interruption.close();
            }
        }
    }

    /**
     * Returns what a run's folder records of the training, so that a resume, or a run that builds
     * on a finished one, asks for the same: the application, mode, image size, labels and seed
     * (which pick the labelled images), the teacher terms and who teaches, and the backbone.
     *
     * @param options the run's options
     * @param application the application's name
     * @param teacher who teaches, as {@link AnnotatorApplication#teacherIdentity()} says; used only
     *     when the options have teacher terms
     */
    public static JsonObject identity(RunOptions options, String application, String teacher) {
        JsonObject identity = new JsonObject();
        identity.addProperty("application", application);
        identity.addProperty("mode", options.mode());
        identity.addProperty("size", Integer.toString(options.size()));
        identity.addProperty("labels", options.labels().describe());
        identity.addProperty("seed", Long.toString(options.seed()));
        if (options.teacher().enabled()) {
            identity.add(
                    "teacher",
                    options.teacher().identity(options.rampUp(), options.teacherStart(), teacher));
        }
        if (options.backbone().enabled()) {
            identity.add("backbone", options.backbone().toJson());
        }
        return identity;
    }

    /**
     * Returns the description of G as an annotator: its kind, categories, and the input size and
     * normalisation of the training images.
     */
    static AnnotatorSpec annotatorSpec(AnnotatorApplication app, AnnotationData data) {
        AnnotatorSpec.Kind kind = app.kind();
        ImageLoader loader = data.train().imageLoader();
        Normalization n = loader.getNormalization();
        List<AnnotatorSpec.Category> categories = new ArrayList<>();
        for (CocoCategory c : data.classes().categories()) {
            categories.add(new AnnotatorSpec.Category(c.id(), c.name()));
        }
        return new AnnotatorSpec(
                kind,
                app.generatorSpec(),
                categories,
                loader.getWidth(),
                loader.getHeight(),
                new float[] {n.mean(0), n.mean(1), n.mean(2)},
                new float[] {n.std(0), n.std(1), n.std(2)},
                DEFAULT_THRESHOLD);
    }

    /** Returns whether the run's batches hold unlabelled images: adversarial, not all labelled. */
    public static boolean withUnlabelled(RunOptions options, AnnotationData data) {
        return (!options.baseline() || options.teacher().enabled())
                && !data.train().unlabelledIndices().isEmpty();
    }

    /**
     * Returns the number of steps in one epoch, the same for an adversarial run and its baseline.
     */
    public static int stepsPerEpoch(RunOptions options, AnnotationData data) {
        int half = data.trainingSet(false, 1).half();
        return (half + options.batchSize() - 1) / options.batchSize();
    }

    /** Returns the title of the closing table. */
    public static String title(RunOptions options, AnnotationData data, Outcome outcome) {
        return String.format(
                "Validation on %d held-out images after %d epochs (%d steps), %s, %s",
                data.validation().size(),
                outcome.epoch(),
                outcome.step(),
                options.mode(),
                options.labels().describe());
    }
}
