package dev.annogan.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.util.Pair;

/**
 * K-class accuracy that skips items whose target is an ignore label: {@code correct / counted},
 * where items with target {@code ignoreLabel} are neither correct nor counted.
 *
 * <p>DJL's own {@link ai.djl.training.evaluator.Accuracy} counts every label, so an ignored item
 * (an unlabelled image in a semi-supervised batch, a void pixel) would count as a miss. This class
 * keeps DJL's accumulator bookkeeping by extending {@link AbstractAccuracy} and replaces only the
 * per-batch count. Targets are class ids (the head of the label list, any numeric type); the head
 * of the prediction list holds scores with the classes on {@code axis} (1 by default), reduced by
 * argmax, so the same evaluator serves {@code (N, K)} classification and {@code (N, K, H, W)}
 * per-pixel accuracy against {@code (N, H, W)} targets. One-hot targets are not accepted.
 *
 * <p>Unlike DJL's accuracy, whose {@code evaluate} returns the number of correct items, {@link
 * #evaluate(NDList, NDList)} here returns the batch's accuracy.
 */
public class Accuracy extends AbstractAccuracy {

    private final int ignoreLabel;

    /** Creates an accuracy named "accuracy" with classes on axis 1 and ignore label -1. */
    public Accuracy() {
        this("accuracy", 1, -1);
    }

    /**
     * Creates an accuracy with classes on axis 1.
     *
     * @param name the evaluator's name
     * @param ignoreLabel the target value of items not to count, for example -1 or 255
     */
    public Accuracy(String name, int ignoreLabel) {
        this(name, 1, ignoreLabel);
    }

    /**
     * Creates an accuracy.
     *
     * @param name the evaluator's name
     * @param axis the axis of the predictions that holds the classes
     * @param ignoreLabel the target value of items not to count
     */
    public Accuracy(String name, int axis, int ignoreLabel) {
        super(name, axis);
        this.ignoreLabel = ignoreLabel;
    }

    /**
     * Returns the target value of items that are not counted.
     *
     * @return the ignore label
     */
    public int getIgnoreLabel() {
        return ignoreLabel;
    }

    /**
     * Returns the batch's accuracy over its counted items.
     *
     * @param labels targets in the head
     * @param predictions scores in the head
     * @return a float32 scalar, NaN if every item is ignored
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        Pair<Long, NDArray> counts = accuracyHelper(labels, predictions);
        try (NDArray correct = counts.getValue()) {
            float accuracy =
                    counts.getKey() == 0 ? Float.NaN : (float) correct.getLong() / counts.getKey();
            return labels.head().getManager().create(accuracy);
        }
    }

    /**
     * Counts the items not ignored and, of those, the ones predicted right.
     *
     * @param labels targets in the head, shaped like the predictions without the class axis
     * @param predictions scores in the head
     * @return (counted items, an int64 scalar of correct ones) — the scalar is the caller's
     */
    @Override
    protected Pair<Long, NDArray> accuracyHelper(NDList labels, NDList predictions) {
        NDArray label = labels.head();
        NDArray prediction = predictions.head();
        if (axis < 0 || axis >= prediction.getShape().dimension()) {
            throw new IllegalArgumentException(
                    getName()
                            + ": class axis "
                            + axis
                            + " is outside predictions of shape "
                            + prediction.getShape());
        }
        Shape reduced = reducedShape(prediction.getShape());
        if (!reduced.equals(label.getShape())) {
            throw new IllegalArgumentException(
                    getName()
                            + ": targets "
                            + label.getShape()
                            + " must have the predictions' shape "
                            + prediction.getShape()
                            + " without axis "
                            + axis);
        }
        // Each intermediate is closed here; only the returned count outlives this call.
        try (NDArray ids = prediction.argMax(axis);
                NDArray target = label.toType(DataType.INT64, true);
                NDArray predicted = ids.toType(DataType.INT64, true);
                NDArray valid = target.neq(ignoreLabel);
                NDArray hit = predicted.eq(target);
                NDArray counted = hit.logicalAnd(valid);
                NDArray total = valid.countNonzero()) {
            return new Pair<>(total.getLong(), counted.countNonzero());
        }
    }

    private Shape reducedShape(Shape shape) {
        long[] dims = new long[shape.dimension() - 1];
        for (int i = 0, j = 0; i < shape.dimension(); i++) {
            if (i != axis) {
                dims[j++] = shape.get(i);
            }
        }
        return new Shape(dims);
    }
}
