package dev.annogan.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;

/**
 * The layout that AnnoGAN's datasets give their records, and so their batches, and that the
 * training objectives read: one place for what used to be a convention read by index.
 *
 * <ul>
 *   <li><b>data</b>: {@code (image)}, a {@code (C, H, W)} float image ({@code (N, C, H, W)} in a
 *       batch);
 *   <li><b>labels</b>: the targets, then a {@code labelled} flag, a float scalar, 1 for a labelled
 *       record and 0 for an unlabelled one, whose targets are filled with an ignore value. The
 *       target is a multi-hot vector (tags), a class map (masks) or a class (Fashion-MNIST); boxes
 *       add a second target array (their count) before the flag.
 * </ul>
 *
 * <p>The K+1 classifier's paired batches ({@code sampling.LabelledUnlabelledPairs}) carry no flag:
 * their one label array holds the class, {@link #UNLABELLED_CLASS} on unlabelled rows.
 */
public final class RecordLayout {

    /** The class of an unlabelled row in a batch of classes without a flag. */
    public static final float UNLABELLED_CLASS = -1f;

    private RecordLayout() {}

    /**
     * Returns a record of this layout.
     *
     * @param manager the manager of the flag's array
     * @param image the image
     * @param targets the targets, in order (their ignore values when unlabelled)
     * @param labelled whether the record keeps its labels
     * @return data {@code (image)}, labels {@code (targets..., flag)}
     */
    public static Record record(
            NDManager manager, NDArray image, NDList targets, boolean labelled) {
        NDList labels = new NDList(targets);
        labels.add(manager.create(labelled ? 1f : 0f));
        return new Record(new NDList(image), labels);
    }

    /** Returns the batch's images, {@code (N, C, H, W)}. */
    public static NDArray images(Batch batch) {
        return batch.getData().head();
    }

    /** Returns the batch's first target array: multi-hot rows, class maps or classes. */
    public static NDArray targets(Batch batch) {
        return batch.getLabels().head();
    }

    /** Returns the batch's labelled flags, {@code (N)}: 1 labelled, 0 unlabelled. */
    public static NDArray labelledFlags(Batch batch) {
        NDList labels = batch.getLabels();
        return labels.get(labels.size() - 1);
    }

    /**
     * Returns the classes of a paired K+1 batch, {@code (N)}, {@link #UNLABELLED_CLASS} on its
     * unlabelled rows.
     */
    public static NDArray classes(Batch batch) {
        return batch.getLabels().head();
    }
}
