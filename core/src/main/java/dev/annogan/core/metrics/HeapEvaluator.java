package dev.annogan.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link Evaluator} whose accumulators live on the Java heap: each batch is reduced once to a
 * heap summary, which is merged into every accumulator being updated, and the metric is a function
 * of the accumulated summary.
 *
 * <p>Keeping no NDArray between batches matters for metrics that need every score of an epoch
 * (average precision): a per-batch NDArray would pin native memory for the whole epoch and tie the
 * accumulator to a manager that may close. Summaries are also what makes the metrics exact: they
 * are counts or the raw scores, not per-batch averages of a non-additive quantity.
 *
 * @param <A> the summary of one or many batches
 */
abstract class HeapEvaluator<A extends HeapEvaluator.Summary<A>> extends Evaluator {

    /** What one or more batches reduce to; merging must be associative. */
    interface Summary<S> {

        /**
         * Adds another summary's contents to this one.
         *
         * @param other a summary of the same shape, left unchanged
         */
        void merge(S other);

        /**
         * Returns the metric of everything merged so far.
         *
         * @return the metric, NaN if it is undefined (for example, nothing seen)
         */
        double value();
    }

    private final Map<String, A> accumulators = new ConcurrentHashMap<>();

    HeapEvaluator(String name) {
        super(name);
    }

    /**
     * Reduces one batch to its summary.
     *
     * @param labels the batch's targets
     * @param predictions the batch's predictions
     * @return the summary
     */
    abstract A summarize(NDList labels, NDList predictions);

    /**
     * Returns a summary of no batches.
     *
     * @return an empty summary
     */
    abstract A empty();

    /** {@inheritDoc} Returns the metric of this batch alone as a float32 scalar. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        float value = (float) summarize(labels, predictions).value();
        return labels.head().getManager().create(value);
    }

    /** {@inheritDoc} */
    @Override
    public void addAccumulator(String key) {
        accumulators.put(key, empty());
    }

    /** {@inheritDoc} */
    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        updateAccumulators(new String[] {key}, labels, predictions);
    }

    /** {@inheritDoc} */
    @Override
    public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
        A batch = summarize(labels, predictions);
        for (String key : keys) {
            A accumulator = accumulator(key);
            synchronized (accumulator) {
                accumulator.merge(batch);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void resetAccumulator(String key) {
        accumulator(key);
        accumulators.put(key, empty());
    }

    /** {@inheritDoc} NaN when the metric is undefined, for example before any update. */
    @Override
    public float getAccumulator(String key) {
        A accumulator = accumulator(key);
        synchronized (accumulator) {
            return (float) accumulator.value();
        }
    }

    /**
     * Returns the summary behind an accumulator; callers read it under its lock.
     *
     * @param key the accumulator's key
     * @return the live summary
     * @throws IllegalArgumentException if no accumulator was added under the key
     */
    A accumulator(String key) {
        A accumulator = accumulators.get(key);
        if (accumulator == null) {
            throw new IllegalArgumentException(
                    getName() + ": no accumulator '" + key + "'; call addAccumulator first");
        }
        return accumulator;
    }

    /**
     * Copies an array's values to the heap as float32, row-major, whatever its data type.
     *
     * @param array the array, left open and unchanged
     * @return its values
     */
    static float[] floats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    /**
     * Copies an array's values to the heap as int32, row-major; fractional values are truncated.
     *
     * @param array the array, left open and unchanged
     * @return its values
     */
    static int[] ints(NDArray array) {
        if (array.getDataType() == DataType.INT32) {
            return array.toIntArray();
        }
        try (NDArray converted = array.toType(DataType.INT32, true)) {
            return converted.toIntArray();
        }
    }
}
