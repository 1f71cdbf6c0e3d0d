package dev.annogan.core.metrics;

import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mean average precision (mAP) over the categories of a multi-label tagger, with exactly
 * scikit-learn's {@code average_precision_score} per category:
 *
 * <pre>
 * AP = Σ_n (R_n − R_{n−1}) P_n
 * </pre>
 *
 * <p>where {@code n} runs over the distinct scores in decreasing order, {@code P_n} and {@code R_n}
 * are the precision and recall of predicting "positive" for every item scoring at least that much,
 * and {@code R_0 = 0}. Items with equal scores enter together, so the order of ties never changes
 * the result, and there is no interpolation (this is not the 11-point VOC figure). mAP is the mean
 * of AP over the categories that have at least one positive; a category without positives has no
 * recall and is left out, where scikit-learn would count it as 0 with a warning.
 *
 * <p>As an {@link ai.djl.training.evaluator.Evaluator} it reads the head of the label list as
 * targets {@code (N, K)} with values 1, 0 or -1 (unknown: the entry is ignored), and the head of
 * the prediction list as scores of the same shape. Any score that increases with confidence works,
 * since AP depends on the ranking only; logits are better than probabilities because a sigmoid in
 * float32 rounds large logits to exactly 1 and so creates ties the model did not make. Every score
 * and target of an accumulator's batches stays on the Java heap (5 bytes per entry) until the
 * accumulator is reset; several accumulators updated together share one copy.
 *
 * <pre>{@code
 * trainingConfig.addEvaluator(new MultiLabelAveragePrecision());
 * double ap = MultiLabelAveragePrecision.averagePrecision(
 *         new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new int[] {0, 0, 1, 1}); // 0.8333
 * }</pre>
 */
public class MultiLabelAveragePrecision
        extends HeapEvaluator<MultiLabelAveragePrecision.ScoreStore> {

    /** Creates the evaluator under the name "mAP". */
    public MultiLabelAveragePrecision() {
        this("mAP");
    }

    /**
     * Creates the evaluator.
     *
     * @param name the evaluator's name, which DJL's listeners put in metric names
     */
    public MultiLabelAveragePrecision(String name) {
        super(name);
    }

    /**
     * Returns the average precision of one category.
     *
     * @param scores one score per item; higher means more confidently positive
     * @param labels per item 1 (positive), 0 (negative) or -1 (ignored)
     * @return AP in [0, 1], or NaN if no item is positive
     * @throws IllegalArgumentException if the lengths differ, a score is NaN or a label is not 1, 0
     *     or -1
     */
    public static double averagePrecision(float[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    scores.length + " scores but " + labels.length + " labels");
        }
        Column column = new Column(scores.length);
        for (int i = 0; i < scores.length; i++) {
            column.add(
                    "averagePrecision",
                    scores[i],
                    MultiLabelBatch.target("averagePrecision", labels[i], i, 0),
                    i,
                    0);
        }
        return column.averagePrecision();
    }

    /**
     * Returns the average precision of every category.
     *
     * @param scores N rows (items) of K scores (categories)
     * @param labels N rows of K labels: 1, 0 or -1 (ignored)
     * @return K values, NaN for a category without positives
     * @throws IllegalArgumentException if the shapes differ, a score is NaN or a label is not 1, 0
     *     or -1
     */
    public static double[] perCategoryAveragePrecision(float[][] scores, int[][] labels) {
        String owner = "perCategoryAveragePrecision";
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    owner
                            + ": "
                            + scores.length
                            + " rows of scores but "
                            + labels.length
                            + " of labels");
        }
        int categories = scores.length == 0 ? 0 : scores[0].length;
        double[] ap = new double[categories];
        for (int k = 0; k < categories; k++) {
            Column column = new Column(scores.length);
            for (int n = 0; n < scores.length; n++) {
                if (scores[n].length != categories || labels[n].length != categories) {
                    throw new IllegalArgumentException(
                            owner
                                    + ": row "
                                    + n
                                    + " has "
                                    + scores[n].length
                                    + " scores and "
                                    + labels[n].length
                                    + " labels, expected "
                                    + categories);
                }
                column.add(
                        owner,
                        scores[n][k],
                        MultiLabelBatch.target(owner, labels[n][k], n, k),
                        n,
                        k);
            }
            ap[k] = column.averagePrecision();
        }
        return ap;
    }

    /**
     * Returns the mean of the average precisions of the categories that have a positive.
     *
     * @param scores N rows (items) of K scores (categories)
     * @param labels N rows of K labels: 1, 0 or -1 (ignored)
     * @return mAP in [0, 1], or NaN if no category has a positive
     * @throws IllegalArgumentException if the shapes differ, a score is NaN or a label is not 1, 0
     *     or -1
     */
    public static double meanAveragePrecision(float[][] scores, int[][] labels) {
        return meanSkippingNaN(perCategoryAveragePrecision(scores, labels));
    }

    /**
     * Returns the average precision of every category over an accumulator's batches.
     *
     * @param key the accumulator's key
     * @return K values, NaN for a category without positives; empty before any update
     * @throws IllegalArgumentException if no accumulator was added under the key
     */
    public double[] getPerCategoryAveragePrecision(String key) {
        ScoreStore store = accumulator(key);
        synchronized (store) {
            return store.perCategory().clone();
        }
    }

    /** {@inheritDoc} */
    @Override
    ScoreStore summarize(NDList labels, NDList predictions) {
        ScoreStore store = new ScoreStore();
        store.chunks.add(MultiLabelBatch.of(getName(), labels, predictions));
        store.categories = store.chunks.get(0).categories;
        return store;
    }

    /** {@inheritDoc} */
    @Override
    ScoreStore empty() {
        return new ScoreStore();
    }

    private static double meanSkippingNaN(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The batches of an accumulator, kept as read; the per-category APs are cached. */
    static final class ScoreStore implements HeapEvaluator.Summary<ScoreStore> {

        // Batches are never modified after reading, so stores merged from one batch share it.
        private final List<MultiLabelBatch> chunks = new ArrayList<>();
        private int categories = -1;
        private double[] cached;

        @Override
        public void merge(ScoreStore other) {
            if (other.categories < 0) {
                return;
            }
            if (categories >= 0 && other.categories != categories) {
                throw new IllegalArgumentException(
                        "a batch has "
                                + other.categories
                                + " categories, earlier batches had "
                                + categories);
            }
            categories = other.categories;
            chunks.addAll(other.chunks);
            cached = null;
        }

        @Override
        public double value() {
            return meanSkippingNaN(perCategory());
        }

        double[] perCategory() {
            if (cached == null) {
                cached = new double[Math.max(categories, 0)];
                int rows = 0;
                for (MultiLabelBatch chunk : chunks) {
                    rows += chunk.rows;
                }
                for (int k = 0; k < cached.length; k++) {
                    Column column = new Column(rows);
                    for (MultiLabelBatch chunk : chunks) {
                        for (int i = k; i < chunk.targets.length; i += categories) {
                            column.addChecked(chunk.scores[i], chunk.targets[i]);
                        }
                    }
                    cached[k] = column.averagePrecision();
                }
            }
            return cached;
        }
    }

    /** The scores of one category, split by target so each side sorts as a primitive array. */
    private static final class Column {

        private final float[] positives;
        private final float[] negatives;
        private int positiveCount;
        private int negativeCount;

        Column(int capacity) {
            positives = new float[capacity];
            negatives = new float[capacity];
        }

        void add(String owner, float score, byte target, int row, int category) {
            if (Float.isNaN(score)) {
                throw new IllegalArgumentException(
                        owner + ": score of row " + row + ", category " + category + " is NaN");
            }
            addChecked(score, target);
        }

        void addChecked(float score, byte target) {
            if (target == 1) {
                positives[positiveCount++] = score;
            } else if (target == 0) {
                negatives[negativeCount++] = score;
            }
        }

        /** Walks the distinct scores from the highest, each group of ties as one threshold. */
        double averagePrecision() {
            if (positiveCount == 0) {
                return Double.NaN;
            }
            Arrays.sort(positives, 0, positiveCount);
            Arrays.sort(negatives, 0, negativeCount);
            int p = positiveCount - 1;
            int q = negativeCount - 1;
            long truePositives = 0;
            long falsePositives = 0;
            double ap = 0;
            // Past the last positive, recall no longer grows and the sum gains nothing.
            while (p >= 0) {
                float threshold = q >= 0 ? Math.max(positives[p], negatives[q]) : positives[p];
                // == groups -0.0 with 0.0, as numpy does; the sort puts them next to each other.
                long gained = 0;
                while (p >= 0 && positives[p] == threshold) {
                    gained++;
                    p--;
                }
                while (q >= 0 && negatives[q] == threshold) {
                    falsePositives++;
                    q--;
                }
                if (gained > 0) {
                    truePositives += gained;
                    double precision = (double) truePositives / (truePositives + falsePositives);
                    ap += precision * gained / positiveCount;
                }
            }
            return ap;
        }
    }
}
