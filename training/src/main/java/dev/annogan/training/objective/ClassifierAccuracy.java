package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.training.GanContext;
import dev.annogan.training.Validation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validation of a K-class classifier on labelled batches (data {@code NDList(images)}, labels
 * {@code NDList(classes, ...)}): the argmax of its class logits, the head of its output, against
 * the classes, counted in a {@link ConfusionMatrix}. Reports the accuracy, key {@value #KEY}. Rows
 * of class -1 are not counted.
 */
public final class ClassifierAccuracy implements Validation {

    /** The metric's key. */
    public static final String KEY = "accuracy";

    /** Which of the loop's two networks is the classifier. */
    public enum Network {
        /** D, as in semi-supervised GAN training. */
        DISCRIMINATOR,
        /** G's slot, as in the supervised baseline trained by {@code TrainingStep.supervised()}. */
        GENERATOR
    }

    private final Network network;
    private ConfusionMatrix confusion;

    /**
     * Creates the validation.
     *
     * @param network which network classifies
     */
    public ClassifierAccuracy(Network network) {
        this.network = network;
    }

    @Override
    public void accept(GanContext context, Batch batch) {
        NDList images = new NDList(RecordLayout.images(batch));
        NDArray logits =
                (network == Network.DISCRIMINATOR
                                ? context.discriminator(images)
                                : context.generator(images))
                        .head();
        if (confusion == null) {
            confusion = new ConfusionMatrix(Math.toIntExact(logits.getShape().get(1)));
        }
        int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        int[] truth = RecordLayout.targets(batch).toType(DataType.INT32, false).toIntArray();
        confusion.add(truth, predicted, -1);
    }

    /** Returns the counts so far, or {@code null} before the first batch. */
    public ConfusionMatrix confusion() {
        return confusion;
    }

    /** Returns the accuracy so far, NaN before any counted row. */
    public double accuracy() {
        return confusion == null || confusion.total() == 0 ? Double.NaN : confusion.pixelAccuracy();
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(KEY, accuracy());
        return metrics;
    }
}
