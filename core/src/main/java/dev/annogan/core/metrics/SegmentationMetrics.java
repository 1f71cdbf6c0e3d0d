package dev.annogan.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Mean IoU or pixel accuracy of a segmenter, from a {@link ConfusionMatrix} accumulated over
 * batches (definitions there): mIoU averages over the classes present in the targets or the
 * predictions, pixel accuracy is correct pixels over counted pixels, and pixels whose target is the
 * ignore label are not counted at all.
 *
 * <p>The head of the label list holds targets {@code (N, H, W)} of class ids (any numeric type; ids
 * in [0, K) or the ignore label). The head of the prediction list holds either per-class scores
 * {@code (N, K, H, W)} — logits or probabilities, reduced by argmax over axis 1 on the engine — or
 * class ids of the targets' shape. The accumulator reports the metric chosen with {@link
 * Builder#optMetric(Metric)}; {@link #getConfusionMatrix(String)} gives everything else, such as
 * per-class IoU.
 *
 * <pre>{@code
 * config.addEvaluator(SegmentationMetrics.builder().setNumClasses(21).optIgnoreLabel(255).build());
 * config.addEvaluator(SegmentationMetrics.builder().setNumClasses(21).optIgnoreLabel(255)
 *         .optMetric(SegmentationMetrics.Metric.PIXEL_ACCURACY).build());
 * }</pre>
 */
public class SegmentationMetrics extends HeapEvaluator<SegmentationMetrics.Matrix> {

    /** Which figure the accumulator reports. */
    public enum Metric {
        /** The mean over classes with a non-empty union of TP / (TP + FP + FN). */
        MEAN_IOU,
        /** Correct pixels over pixels not ignored. */
        PIXEL_ACCURACY
    }

    private final int numClasses;
    private final int ignoreLabel;
    private final Metric metric;

    /**
     * Creates the evaluator the builder describes.
     *
     * @param builder a validated builder
     */
    protected SegmentationMetrics(Builder builder) {
        super(builder.name != null ? builder.name : defaultName(builder.metric));
        numClasses = builder.numClasses;
        ignoreLabel = builder.ignoreLabel;
        metric = builder.metric;
    }

    private static String defaultName(Metric metric) {
        return metric == Metric.MEAN_IOU ? "mIoU" : "pixel_accuracy";
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of classes.
     *
     * @return K
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the target value of pixels that are not counted.
     *
     * @return the ignore label
     */
    public int getIgnoreLabel() {
        return ignoreLabel;
    }

    /**
     * Returns the figure the accumulator reports.
     *
     * @return mIoU or pixel accuracy
     */
    public Metric getMetric() {
        return metric;
    }

    /**
     * Returns a copy of an accumulator's confusion matrix.
     *
     * @param key the accumulator's key
     * @return a new matrix with the counts so far
     * @throws IllegalArgumentException if no accumulator was added under the key
     */
    public ConfusionMatrix getConfusionMatrix(String key) {
        Matrix matrix = accumulator(key);
        synchronized (matrix) {
            return new ConfusionMatrix(numClasses).merge(matrix.counts);
        }
    }

    /** {@inheritDoc} */
    @Override
    Matrix summarize(NDList labels, NDList predictions) {
        NDArray target = labels.head();
        NDArray prediction = predictions.head();
        Shape targetShape = target.getShape();
        Shape predictionShape = prediction.getShape();
        int[] predicted;
        if (predictionShape.equals(targetShape)) {
            predicted = ints(prediction);
        } else if (predictionShape.dimension() == targetShape.dimension() + 1
                && targetShape.dimension() >= 1
                && predictionShape.get(1) == numClasses
                && predictionShape.get(0) == targetShape.get(0)
                && predictionShape.slice(2).equals(targetShape.slice(1))) {
            try (NDArray ids = prediction.argMax(1)) {
                predicted = ints(ids);
            }
        } else {
            throw new IllegalArgumentException(
                    getName()
                            + ": predictions "
                            + predictionShape
                            + " are neither class ids of the targets' shape "
                            + targetShape
                            + " nor scores with "
                            + numClasses
                            + " classes on axis 1");
        }
        Matrix matrix = empty();
        try {
            matrix.counts.add(ints(target), predicted, ignoreLabel);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(getName() + ": " + e.getMessage(), e);
        }
        return matrix;
    }

    /** {@inheritDoc} */
    @Override
    Matrix empty() {
        return new Matrix(new ConfusionMatrix(numClasses), metric);
    }

    /** An accumulator: the counts and the figure read from them. */
    static final class Matrix implements HeapEvaluator.Summary<Matrix> {

        private final ConfusionMatrix counts;
        private final Metric metric;

        Matrix(ConfusionMatrix counts, Metric metric) {
            this.counts = counts;
            this.metric = metric;
        }

        @Override
        public void merge(Matrix other) {
            counts.merge(other.counts);
        }

        @Override
        public double value() {
            return metric == Metric.MEAN_IOU ? counts.meanIoU() : counts.pixelAccuracy();
        }
    }

    /** The builder for {@link SegmentationMetrics}. */
    public static final class Builder {

        private int numClasses;
        private int ignoreLabel = -1;
        private Metric metric = Metric.MEAN_IOU;
        private String name;

        Builder() {}

        /**
         * Sets the number of classes K, background included. Required.
         *
         * @param numClasses K
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the target value of pixels not to count; -1 by default (255 in Pascal VOC masks).
         *
         * @param ignoreLabel a value outside [0, K)
         * @return this builder
         */
        public Builder optIgnoreLabel(int ignoreLabel) {
            this.ignoreLabel = ignoreLabel;
            return this;
        }

        /**
         * Sets the figure the accumulator reports; mIoU by default.
         *
         * @param metric mIoU or pixel accuracy
         * @return this builder
         */
        public Builder optMetric(Metric metric) {
            this.metric = metric;
            return this;
        }

        /**
         * Sets the evaluator's name; "mIoU" or "pixel_accuracy" by default, after the metric.
         *
         * @param name the name DJL's listeners put in metric names
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @return a new {@link SegmentationMetrics}
         * @throws IllegalArgumentException if K is not set, or the ignore label is a class id
         */
        public SegmentationMetrics build() {
            if (numClasses <= 0) {
                throw new IllegalArgumentException(
                        "SegmentationMetrics: setNumClasses is required and must be positive, got "
                                + numClasses);
            }
            if (ignoreLabel >= 0 && ignoreLabel < numClasses) {
                throw new IllegalArgumentException(
                        "SegmentationMetrics: ignore label "
                                + ignoreLabel
                                + " is a class id in [0, "
                                + numClasses
                                + ")");
            }
            if (metric == null) {
                throw new IllegalArgumentException("SegmentationMetrics: metric must not be null");
            }
            return new SegmentationMetrics(this);
        }
    }
}
