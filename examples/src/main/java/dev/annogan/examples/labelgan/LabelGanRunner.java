package dev.annogan.examples.labelgan;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import com.google.gson.JsonObject;
import dev.annogan.core.io.AtomicFile;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.split.ValidationSplit;
import dev.annogan.training.FitLoop;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.TrainingStep;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.run.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the label-set GAN on the label sets of a COCO file: the images' category sets, split into
 * training and held-out sets by seed. Writes checkpoints, {@code metrics.csv}, {@code loss.png},
 * {@code samples/epoch-NNN.png} and, at the end, the generator in {@code model/}.
 */
public final class LabelGanRunner {

    /** G's noise length, as in the seed. */
    public static final int NOISE_DIM = 100;

    private LabelGanRunner() {}

    /**
     * The options of a run.
     *
     * @param annotations the COCO instances files; their label sets are pooled, so they must share
     *     one category list
     * @param out the run folder
     * @param epochs the number of epochs in all (a resumed run continues to it)
     * @param resume whether to continue the run in {@code out}
     * @param config the GAN configuration
     * @param heldOutFraction the fraction of images held out for validation
     * @param fakeSets how G's probabilities become the label sets D judges and sampling returns
     * @param minibatchAveraging whether D scores each set together with its batch's mean
     * @param sampleEvery epochs between the pictures in {@code samples/} (the last epoch always
     *     gets one)
     */
    public record Options(
            List<Path> annotations,
            Path out,
            int epochs,
            boolean resume,
            GanConfig config,
            double heldOutFraction,
            FakeSets fakeSets,
            boolean minibatchAveraging,
            int sampleEvery) {}

    /** Label sets of an index: one multi-hot row per image, over all its categories. */
    public static float[][] labelSets(CocoIndex index, CategoryMap classes) {
        float[][] sets = new float[index.images().size()][];
        int i = 0;
        for (CocoImage image : index.images()) {
            sets[i++] = CocoTargets.multiHot(index.annotationsOf(image.id()), classes);
        }
        return sets;
    }

    /**
     * Runs training.
     *
     * @return the held-out metrics of the last epoch (GAN and Bernoulli baseline)
     * @throws RunSetupException when {@code out} holds a run and resume was not asked (or the
     *     reverse), so no checkpoint is ever overwritten by accident
     */
    public static Map<String, Double> train(Options options, PrintStream out) throws Exception {
        CategoryMap classes = null;
        List<float[]> pooled = new ArrayList<>();
        for (Path file : options.annotations()) {
            CocoIndex index = CocoIndex.read(file);
            if (classes == null) {
                classes = index.categoryMap();
            } else if (!classes.categories().equals(index.categoryMap().categories())) {
                throw new RunSetupException(
                        file
                                + " has other categories than "
                                + options.annotations().get(0)
                                + "; label sets can only be pooled over one category list");
            }
            pooled.addAll(List.of(labelSets(index, classes)));
        }
        CategoryMap categories = classes; // final, for the sample renderer below
        int k = categories.size();
        float[][] sets = pooled.toArray(new float[0][]);
        List<int[]> classSets = new ArrayList<>();
        for (float[] set : sets) {
            List<Integer> present = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                if (set[c] > 0) {
                    present.add(c);
                }
            }
            classSets.add(present.stream().mapToInt(Integer::intValue).toArray());
        }
        ValidationSplit split =
                ValidationSplit.byFraction(
                        classSets, options.heldOutFraction(), options.config().seed());
        float[][] train = select(sets, split.trainIndices());
        float[][] heldOut = select(sets, split.validationIndices());
        out.printf(
                "%s: %d images (%d training, %d held out), %d categories%n",
                options.annotations().stream()
                        .map(p -> p.getFileName().toString())
                        .collect(java.util.stream.Collectors.joining(" + ")),
                sets.length,
                train.length,
                heldOut.length,
                k);

        LabelGan app =
                new LabelGan(
                        categories,
                        NOISE_DIM,
                        train,
                        heldOut,
                        options.config().seed(),
                        options.fakeSets(),
                        options.minibatchAveraging());
        JsonObject identity = new JsonObject();
        identity.addProperty("application", app.name());
        identity.addProperty("fakes", options.fakeSets().name().toLowerCase(Locale.ROOT));
        identity.addProperty("minibatchAveraging", options.minibatchAveraging());
        identity.addProperty("seed", options.config().seed());
        TrainingRun run =
                TrainingRun.open(
                        options.out(),
                        options.resume(),
                        new TrainingRun.Checkpoints(
                                options.config().keepCheckpoints(),
                                app.metric(),
                                app.higherIsBetter()),
                        TrainingRun.RUN_FILE,
                        identity);
        AtomicFile.writeString(
                options.out().resolve("labels.txt"), String.join("\n", classes.names()) + "\n");
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan =
                        run.trainer(app, options.config(), out, options.sampleEvery()).build()) {
            run.initialize(gan, app, out);
            ArrayDataset trainSet =
                    new ArrayDataset.Builder()
                            .setData(manager.create(train))
                            .setSampling(options.config().batchSize(), false)
                            .build();
            ArrayDataset heldOutSet =
                    new ArrayDataset.Builder()
                            .setData(manager.create(heldOut))
                            .setSampling(options.config().batchSize(), false)
                            .build();
            // From here on Ctrl-C ends the step, saves a checkpoint and lets the run finish
            // (final validation, export) before the process exits.
            TrainingRun.Interruption interruption = run.stopOnInterrupt(gan, out);
            try {
                FitLoop.fit(
                        gan, TrainingStep.adversarial(), options.epochs(), trainSet, heldOutSet);
                Map<String, Double> metrics = FitLoop.evaluateDataset(gan, heldOutSet);
                LabelGanModel.save(
                        options.out().resolve("model"),
                        gan,
                        classes.names(),
                        NOISE_DIM,
                        options.fakeSets());
                if (gan.stopReason() != null) {
                    out.println(gan.stopReason());
                }
                printSummary(metrics, out);
                return metrics;
            } finally {
                interruption.close();
            }
        }
    }

    private static float[][] select(float[][] sets, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = sets[indices[i]];
        }
        return out;
    }

    /** Prints the held-out comparison of the GAN and the independent-Bernoulli baseline. */
    static void printSummary(Map<String, Double> m, PrintStream out) {
        out.println();
        out.println("Held-out label-set statistics (lower is better)");
        out.printf("  %-34s %10s %10s%n", "distance to held-out sets", "GAN", "Bernoulli");
        row(out, "per-category frequency L1", m, "freq_l1");
        row(out, "co-occurrence L1", m, "cooc_l1");
        row(out, "labels-per-image total variation", m, "size_tv");
    }

    private static void row(PrintStream out, String name, Map<String, Double> m, String key) {
        out.printf("  %-34s %10.4f %10.4f%n", name, m.get(key), m.get("bernoulli_" + key));
    }
}
