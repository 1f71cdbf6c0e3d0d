package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.nn.Scalars;
import dev.annogan.datasets.RecordLayout;

/**
 * The rows of a batch that carry labels, read from the {@code labelled} flag that ends every
 * record's labels ({@link RecordLayout}: 1 labelled, 0 unlabelled).
 */
final class LabelledRows {

    private final NDArray mask;
    private final int count;

    private LabelledRows(NDArray flag) {
        this.mask = flag.gt(0.5f);
        this.count = Math.round(mask.toType(DataType.FLOAT32, false).sum().getFloat());
    }

    /** Reads the rows from the flag, shape {@code (N)}. */
    static LabelledRows of(NDArray flag) {
        return new LabelledRows(flag);
    }

    /**
     * Returns the images of a batch's unlabelled rows (the images and flags of {@link
     * RecordLayout}), or null when every row is labelled.
     */
    static NDArray unlabelledImages(Batch batch) {
        LabelledRows unlabelled =
                new LabelledRows(
                        RecordLayout.labelledFlags(batch)
                                .lte(0.5f)
                                .toType(DataType.FLOAT32, false));
        return unlabelled.none() ? null : unlabelled.select(RecordLayout.images(batch));
    }

    /** Returns how many rows are labelled. */
    int count() {
        return count;
    }

    /** Returns whether no row is labelled. */
    boolean none() {
        return count == 0;
    }

    /** Returns the labelled rows of {@code array} (first axis = rows). */
    NDArray select(NDArray array) {
        Shape shape = array.getShape();
        if (count == shape.get(0)) {
            return array;
        }
        // A mask of the array's own shape: not every engine broadcasts a row mask.
        long[] rowShape = new long[shape.dimension()];
        java.util.Arrays.fill(rowShape, 1);
        rowShape[0] = shape.get(0);
        NDArray full = mask.reshape(new Shape(rowShape)).broadcast(shape);
        return array.booleanMask(full).reshape(new Shape(count).addAll(shape.slice(1)));
    }

    /**
     * Returns a loss of value 0 that is still connected to {@code logits}' graph, for an update
     * that must learn nothing from this batch (backward needs a graph to walk).
     */
    static NDArray zeroLoss(NDArray logits) {
        return Scalars.mul(logits.sum(), 0f).abs();
    }
}
