package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import dev.annogan.datasets.RecordLayout;

/**
 * A classification batch split by its class column: rows whose class is 0..K-1 are labelled, rows
 * of class -1 unlabelled. The split is read on the host (a batch has at most a few hundred rows),
 * so each part is a plain row selection that the networks then run on.
 */
final class ClassRows {

    private final NDArray images;
    private final NDArray classes;
    private final long[] labelled;
    private final long[] unlabelled;

    private ClassRows(NDArray images, NDArray classes) {
        this.images = images;
        this.classes = classes;
        float[] values = classes.toType(DataType.FLOAT32, false).toFloatArray();
        int nLabelled = 0;
        for (float v : values) {
            nLabelled += v >= 0 ? 1 : 0;
        }
        labelled = new long[nLabelled];
        unlabelled = new long[values.length - nLabelled];
        for (int row = 0, l = 0, u = 0; row < values.length; row++) {
            if (values[row] >= 0) {
                labelled[l++] = row;
            } else {
                unlabelled[u++] = row;
            }
        }
    }

    /** Reads the rows of a batch: images are the data's head, classes the labels' head. */
    static ClassRows of(Batch batch) {
        return new ClassRows(RecordLayout.images(batch), RecordLayout.classes(batch));
    }

    /** Returns the number of labelled rows. */
    int labelledCount() {
        return labelled.length;
    }

    /** Returns the number of unlabelled rows. */
    int unlabelledCount() {
        return unlabelled.length;
    }

    /** Returns the labelled rows' images. */
    NDArray labelledImages() {
        return select(images, labelled);
    }

    /** Returns the labelled rows' classes. */
    NDArray labelledClasses() {
        return select(classes, labelled);
    }

    /** Returns the unlabelled rows' images. */
    NDArray unlabelledImages() {
        return select(images, unlabelled);
    }

    private static NDArray select(NDArray array, long[] rows) {
        if (rows.length == array.getShape().get(0)) {
            return array;
        }
        NDManager manager = array.getManager();
        return array.get(new NDIndex("{}", manager.create(rows)));
    }
}
