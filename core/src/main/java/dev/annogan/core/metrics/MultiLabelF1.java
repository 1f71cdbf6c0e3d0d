package dev.annogan.core.metrics;

import ai.djl.ndarray.NDList;

/**
 * Micro- and macro-averaged F1 of a multi-label tagger whose scores are cut at a threshold.
 *
 * <p>An entry is predicted positive when its probability is <b>strictly greater</b> than the
 * threshold (0.5 by default). Inputs are probabilities unless {@link
 * Builder#optFromLogits(boolean)} says they are logits; the threshold is a probability either way,
 * and logits are compared with {@code ln(t / (1 − t))} rather than passed through a sigmoid, so
 * large logits are never rounded into a tie with the threshold.
 *
 * <p>Per category, with TP, FP and FN counted over every non-ignored entry seen:
 *
 * <ul>
 *   <li><b>micro F1</b> = {@code 2 ΣTP / (2 ΣTP + ΣFP + ΣFN)}, sums over all categories;
 *   <li><b>macro F1</b> = the mean of {@code 2 TP / (2 TP + FP + FN)} over the categories that
 *       appear in the targets or in the predictions. A category absent from both has no F1 (0/0)
 *       and is left out; this equals scikit-learn's {@code f1_score(average="macro", labels=<those
 *       categories>)}, and differs from its default, which counts such a category as 0 (its {@code
 *       zero_division} value) and so lets unused categories drag the mean down. A category
 *       predicted but never present, or present but never predicted, scores 0 and counts.
 * </ul>
 *
 * <p>Either is NaN when nothing qualifies (no positives and no positive predictions at all).
 * Targets are 1, 0 or -1 (unknown: ignored), shaped like the scores {@code (N, K)}; the evaluator
 * reads the head of each list. The accumulator reports the average chosen with {@link
 * Builder#optAverage(Average)}; {@link #getMicroF1(String)} and {@link #getMacroF1(String)} read
 * both from the same counts.
 *
 * <pre>{@code
 * config.addEvaluator(MultiLabelF1.builder().optAverage(MultiLabelF1.Average.MICRO).build());
 * config.addEvaluator(MultiLabelF1.builder().optAverage(MultiLabelF1.Average.MACRO).build());
 * }</pre>
 */
public class MultiLabelF1 extends HeapEvaluator<MultiLabelF1.Counts> {

    /** Which average the accumulator reports. */
    public enum Average {
        /** F1 of the counts summed over categories; frequent categories weigh more. */
        MICRO,
        /** The mean of per-category F1; every category that occurs weighs the same. */
        MACRO
    }

    private final Average average;
    private final double threshold;
    private final boolean fromLogits;
    private final float cut;

    /**
     * Creates the evaluator the builder describes.
     *
     * @param builder a validated builder
     */
    protected MultiLabelF1(Builder builder) {
        super(builder.name != null ? builder.name : defaultName(builder.average));
        this.average = builder.average;
        this.threshold = builder.threshold;
        this.fromLogits = builder.fromLogits;
        double logit = Math.log(threshold / (1 - threshold));
        this.cut = (float) (fromLogits ? logit : threshold);
    }

    private static String defaultName(Average average) {
        return average == Average.MICRO ? "f1_micro" : "f1_macro";
    }

    /**
     * Creates a builder; the defaults are micro F1 on probabilities cut at 0.5.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the average the accumulator reports.
     *
     * @return micro or macro
     */
    public Average getAverage() {
        return average;
    }

    /**
     * Returns the probability above which an entry counts as predicted positive.
     *
     * @return the threshold in (0, 1)
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Returns whether the scores are logits rather than probabilities.
     *
     * @return true for logits
     */
    public boolean isFromLogits() {
        return fromLogits;
    }

    /**
     * Returns the micro-averaged F1 of an accumulator.
     *
     * @param key the accumulator's key
     * @return micro F1, NaN if there were no positives and no positive predictions
     * @throws IllegalArgumentException if no accumulator was added under the key
     */
    public double getMicroF1(String key) {
        Counts counts = accumulator(key);
        synchronized (counts) {
            return counts.micro();
        }
    }

    /**
     * Returns the macro-averaged F1 of an accumulator.
     *
     * @param key the accumulator's key
     * @return macro F1, NaN if no category occurred in targets or predictions
     * @throws IllegalArgumentException if no accumulator was added under the key
     */
    public double getMacroF1(String key) {
        Counts counts = accumulator(key);
        synchronized (counts) {
            return counts.macro();
        }
    }

    /**
     * Returns the F1 of every category of an accumulator.
     *
     * @param key the accumulator's key
     * @return K values, NaN for a category absent from targets and predictions; empty before any
     *     update
     * @throws IllegalArgumentException if no accumulator was added under the key
     */
    public double[] getPerCategoryF1(String key) {
        Counts counts = accumulator(key);
        synchronized (counts) {
            return counts.perCategory();
        }
    }

    /** {@inheritDoc} */
    @Override
    Counts summarize(NDList labels, NDList predictions) {
        MultiLabelBatch batch = MultiLabelBatch.of(getName(), labels, predictions);
        Counts counts = new Counts(average);
        counts.resize(batch.categories);
        for (int i = 0; i < batch.targets.length; i++) {
            byte target = batch.targets[i];
            if (target == MultiLabelBatch.IGNORED) {
                continue;
            }
            boolean predicted = batch.scores[i] > cut;
            int k = i % batch.categories;
            if (predicted && target == 1) {
                counts.truePositives[k]++;
            } else if (predicted) {
                counts.falsePositives[k]++;
            } else if (target == 1) {
                counts.falseNegatives[k]++;
            }
        }
        return counts;
    }

    /** {@inheritDoc} */
    @Override
    Counts empty() {
        return new Counts(average);
    }

    /** Per-category TP, FP and FN counts. */
    static final class Counts implements HeapEvaluator.Summary<Counts> {

        private final Average average;
        private long[] truePositives = new long[0];
        private long[] falsePositives = new long[0];
        private long[] falseNegatives = new long[0];
        private boolean sized;

        Counts(Average average) {
            this.average = average;
        }

        void resize(int categories) {
            truePositives = new long[categories];
            falsePositives = new long[categories];
            falseNegatives = new long[categories];
            sized = true;
        }

        @Override
        public void merge(Counts other) {
            if (!other.sized) {
                return;
            }
            if (!sized) {
                resize(other.truePositives.length);
            } else if (other.truePositives.length != truePositives.length) {
                throw new IllegalArgumentException(
                        "a batch has "
                                + other.truePositives.length
                                + " categories, earlier batches had "
                                + truePositives.length);
            }
            for (int k = 0; k < truePositives.length; k++) {
                truePositives[k] += other.truePositives[k];
                falsePositives[k] += other.falsePositives[k];
                falseNegatives[k] += other.falseNegatives[k];
            }
        }

        @Override
        public double value() {
            return average == Average.MICRO ? micro() : macro();
        }

        double micro() {
            long tp = 0;
            long rest = 0;
            for (int k = 0; k < truePositives.length; k++) {
                tp += truePositives[k];
                rest += falsePositives[k] + falseNegatives[k];
            }
            return f1(tp, rest);
        }

        double macro() {
            double sum = 0;
            int count = 0;
            for (double f : perCategory()) {
                if (!Double.isNaN(f)) {
                    sum += f;
                    count++;
                }
            }
            return count == 0 ? Double.NaN : sum / count;
        }

        double[] perCategory() {
            double[] f = new double[truePositives.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = f1(truePositives[k], falsePositives[k] + falseNegatives[k]);
            }
            return f;
        }

        private static double f1(long truePositives, long errors) {
            long denominator = 2 * truePositives + errors;
            return denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
        }
    }

    /** The builder for a {@link MultiLabelF1}. */
    public static final class Builder {

        private String name;
        private Average average = Average.MICRO;
        private double threshold = 0.5;
        private boolean fromLogits;

        Builder() {}

        /**
         * Sets the evaluator's name; "f1_micro" or "f1_macro" by default, after the average.
         *
         * @param name the name DJL's listeners put in metric names
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets which average the accumulator reports; micro by default.
         *
         * @param average micro or macro
         * @return this builder
         */
        public Builder optAverage(Average average) {
            this.average = average;
            return this;
        }

        /**
         * Sets the probability an entry must exceed to count as predicted; 0.5 by default.
         *
         * @param threshold a probability in (0, 1), also when the inputs are logits
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets whether the scores are logits (before the sigmoid) rather than probabilities; false
         * by default.
         *
         * @param fromLogits true if the predictions are logits
         * @return this builder
         */
        public Builder optFromLogits(boolean fromLogits) {
            this.fromLogits = fromLogits;
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @return a new {@link MultiLabelF1}
         * @throws IllegalArgumentException if the threshold is not inside (0, 1) or the average is
         *     null
         */
        public MultiLabelF1 build() {
            validate();
            return new MultiLabelF1(this);
        }

        private void validate() {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException(
                        "MultiLabelF1: threshold must lie strictly between 0 and 1, got "
                                + threshold);
            }
            if (average == null) {
                throw new IllegalArgumentException("MultiLabelF1: average must not be null");
            }
        }
    }
}
