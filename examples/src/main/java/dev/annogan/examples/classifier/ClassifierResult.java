package dev.annogan.examples.classifier;

import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.training.GanConfig;
import dev.annogan.training.teacher.TeacherTerms;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What a run measured: the step of the weights kept, their validation counts and, if asked, their
 * test counts, and the run's wall time.
 *
 * @param method {@code "k+1 gan"} or {@code "supervised baseline"}
 * @param step the step of the weights kept
 * @param validation their confusion matrix on the validation set
 * @param test their confusion matrix on the test set; null unless asked for
 * @param seconds the run's wall time, test included
 */
public record ClassifierResult(
        String method,
        long step,
        ConfusionMatrix validation,
        ConfusionMatrix test,
        double seconds) {

    /** Returns the validation accuracy. */
    public double validationAccuracy() {
        return validation.pixelAccuracy();
    }

    /** Returns the test accuracy, NaN if the test set was not used. */
    public double testAccuracy() {
        return test == null ? Double.NaN : test.pixelAccuracy();
    }

    /** Prints the accuracy per class and overall, validation next to test. */
    public void printTable(PrintStream out) {
        out.println();
        out.printf("Fashion-MNIST, %s, weights of step %d: accuracy%n", method, step);
        out.printf("  %-14s %10s %10s%n", "class", "validation", "test");
        for (int k = 0; k < validation.numClasses(); k++) {
            out.printf(
                    "  %-14s %10s %10s%n",
                    FashionMnist.CLASS_NAMES.get(k),
                    cell(classAccuracy(validation, k)),
                    cell(test == null ? Double.NaN : classAccuracy(test, k)));
        }
        out.printf("  %-14s %10s %10s%n", "all", cell(validationAccuracy()), cell(testAccuracy()));
        out.printf(
                "  %-14s %10d %10s%n",
                "images",
                validation.total(),
                test == null ? "(no --test)" : Long.toString(test.total()));
        out.printf("  wall time %.0f s%n", seconds);
    }

    private static double classAccuracy(ConfusionMatrix m, int k) {
        long images = 0;
        for (int p = 0; p < m.numClasses(); p++) {
            images += m.count(k, p);
        }
        return images == 0 ? Double.NaN : (double) m.count(k, k) / images;
    }

    private static String cell(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /**
     * Returns the result and the run's settings as one JSON object.
     *
     * @param options the run's options
     * @param config the config the run trained with: the options' own with its learning-rate decay
     *     resolved to steps
     */
    public String toJson(ClassifierRunner.Options options, GanConfig config, TeacherTerms teacher) {
        return String.format(
                        Locale.ROOT,
                        "{\"method\": \"%s\", \"seed\": %d, \"labelsPerClass\": %d, \"step\": %d,"
                                + " \"validationAccuracy\": %.6f, \"testAccuracy\": %s,"
                                + " \"seconds\": %.1f, \"epochs\": %d, \"decayFrom\": %s,"
                                + " \"synthetic\": %s, \"teacher\": %s, \"rampUp\": %s,"
                                + " \"weakAugmentation\": \"%s\", \"strongAugmentation\": \"%s\","
                                + " \"architecture\": %s, \"unsupervisedWeight\": %s,"
                                + " \"config\": %s}",
                        method,
                        config.seed(),
                        options.labelsPerClass(),
                        step,
                        validationAccuracy(),
                        test == null ? "null" : String.format(Locale.ROOT, "%.6f", testAccuracy()),
                        seconds,
                        options.epochs(),
                        options.decayFrom(),
                        options.synthetic() == null ? "null" : options.synthetic().toJson(),
                        teacher.toJson(),
                        options.rampUp(),
                        options.weak(),
                        options.strong(),
                        options.architecture().toJson(),
                        options.unsupervisedWeight(),
                        config)
                + "\n";
    }
}
