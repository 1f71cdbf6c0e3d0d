package dev.annogan.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * One batch of multi-label scores and targets copied to the heap, row-major {@code (N, K)}, with
 * targets checked to be 1 (positive), 0 (negative) or -1 (unknown, ignored).
 */
final class MultiLabelBatch {

    /** The target value of an entry whose label is unknown; it takes no part in any metric. */
    static final byte IGNORED = -1;

    final int rows;
    final int categories;
    final float[] scores;
    final byte[] targets;

    private MultiLabelBatch(int rows, int categories, float[] scores, byte[] targets) {
        this.rows = rows;
        this.categories = categories;
        this.scores = scores;
        this.targets = targets;
    }

    /**
     * Reads the head of each list: targets and scores of the same shape {@code (N, K)}.
     *
     * @param owner the evaluator's name, for error messages
     * @param labels targets, any numeric type, values 1, 0 or -1
     * @param predictions scores, any numeric type
     * @return the batch on the heap
     * @throws IllegalArgumentException on a shape mismatch, a NaN score or another target value
     */
    static MultiLabelBatch of(String owner, NDList labels, NDList predictions) {
        NDArray label = labels.head();
        NDArray prediction = predictions.head();
        Shape shape = prediction.getShape();
        if (shape.dimension() != 2 || !shape.equals(label.getShape())) {
            throw new IllegalArgumentException(
                    owner
                            + ": expected scores and targets of the same shape (N, K), got scores "
                            + shape
                            + " and targets "
                            + label.getShape());
        }
        int rows = Math.toIntExact(shape.get(0));
        int categories = Math.toIntExact(shape.get(1));
        float[] scores = HeapEvaluator.floats(prediction);
        float[] values = HeapEvaluator.floats(label);
        byte[] targets = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            targets[i] = target(owner, values[i], i / categories, i % categories);
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException(
                        owner
                                + ": score of row "
                                + i / categories
                                + ", category "
                                + i % categories
                                + " is NaN");
            }
        }
        return new MultiLabelBatch(rows, categories, scores, targets);
    }

    /**
     * Checks one target value.
     *
     * @param owner the caller's name, for error messages
     * @param value the target
     * @param row its row, for error messages
     * @param category its category, for error messages
     * @return 1, 0 or {@link #IGNORED}
     * @throws IllegalArgumentException for any other value
     */
    static byte target(String owner, double value, int row, int category) {
        // Exact comparisons on purpose: a soft target such as 0.9 has no place in these metrics,
        // and rounding it silently would report a figure for labels nobody gave.
        if (value == 1) {
            return 1;
        }
        if (value == 0) {
            return 0;
        }
        if (value == IGNORED) {
            return IGNORED;
        }
        throw new IllegalArgumentException(
                owner
                        + ": target of row "
                        + row
                        + ", category "
                        + category
                        + " is "
                        + value
                        + "; expected 1, 0 or -1 (ignored)");
    }
}
