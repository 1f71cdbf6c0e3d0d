package dev.annogan.datasets.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import dev.annogan.datasets.RecordLayout;
import java.io.IOException;

/**
 * One epoch of semi-supervised classification: every unlabelled record once, each paired with a
 * labelled record taken cyclically ({@code labelled[i mod L]} for the i-th unlabelled one), as
 * Salimans et al.'s code tiles the few labelled images along the unlabelled set. A shuffled batch
 * of B records is therefore B unlabelled images and B labelled ones, so every step sees a labelled
 * mini-batch and an unlabelled one however few labels there are.
 *
 * <p>Record i is data {@code NDList(labelledImage, unlabelledImage)} and labels {@code
 * NDList(labelledClass, -1)}. Its batchifier stacks each position and concatenates the two stacks,
 * so a batch is data {@code NDList(images (2B, C, H, W))} and labels {@code NDList(classes (2B))}:
 * rows 0..B-1 labelled, rows B..2B-1 unlabelled with class -1, the layout {@code
 * SemiSupervisedClassifierObjective} reads.
 */
public final class LabelledUnlabelledPairs extends RandomAccessDataset {

    private final RandomAccessDataset source;
    private final long[] labelled;
    private final long[] unlabelled;

    private LabelledUnlabelledPairs(Builder builder) {
        super(builder);
        source = builder.source;
        labelled = builder.labelled;
        unlabelled = builder.unlabelled;
    }

    /** Returns a builder; batches are laid out by {@link #BATCHIFIER} whatever the builder says. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        Record label = source.get(manager, labelled[(int) (index % labelled.length)]);
        Record free = source.get(manager, unlabelled[(int) index]);
        NDList data = new NDList(label.getData().head(), free.getData().head());
        NDList classes =
                new NDList(label.getLabels().head(), manager.create(RecordLayout.UNLABELLED_CLASS));
        return new Record(data, classes);
    }

    @Override
    protected long availableSize() {
        return unlabelled.length;
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        source.prepare(progress);
    }

    /**
     * Stacks every position of the records' lists and concatenates the stacks along the batch axis
     * into one array: records {@code (a_i, b_i)} give {@code [a_1..a_B, b_1..b_B]}.
     */
    public static final Batchifier BATCHIFIER = new PartsBatchifier();

    private static final class PartsBatchifier implements Batchifier {

        private static final long serialVersionUID = 1L;

        @Override
        public NDList batchify(NDList[] records) {
            int parts = records[0].size();
            NDList stacks = new NDList(parts);
            for (int p = 0; p < parts; p++) {
                NDList column = new NDList(records.length);
                for (NDList record : records) {
                    column.add(record.get(p));
                }
                stacks.add(NDArrays.stack(column));
            }
            return new NDList(NDArrays.concat(stacks));
        }

        @Override
        public NDList[] unbatchify(NDList batch) {
            NDArray rows = batch.head();
            int parts = 2;
            int count = Math.toIntExact(rows.getShape().get(0)) / parts;
            NDList[] records = new NDList[count];
            for (int i = 0; i < count; i++) {
                NDList record = new NDList(parts);
                for (int p = 0; p < parts; p++) {
                    record.add(rows.get(p * count + i));
                }
                records[i] = record;
            }
            return records;
        }
    }

    /** Builds a {@link LabelledUnlabelledPairs}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private RandomAccessDataset source;
        private long[] labelled;
        private long[] unlabelled;

        Builder() {
            optDataBatchifier(BATCHIFIER);
            optLabelBatchifier(BATCHIFIER);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the records to pair: indices into {@code source}, whose records are data {@code
         * NDList(image)} and labels {@code NDList(class, ...)}.
         *
         * @param source the dataset
         * @param labelled its labelled records, at least one
         * @param unlabelled its unlabelled records, at least one; one epoch is one pass over them
         * @return this builder
         */
        public Builder setRecords(RandomAccessDataset source, long[] labelled, long[] unlabelled) {
            this.source = source;
            this.labelled = labelled.clone();
            this.unlabelled = unlabelled.clone();
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         * @throws IllegalArgumentException without a source, a labelled or an unlabelled record
         */
        public LabelledUnlabelledPairs build() {
            if (source == null || labelled.length == 0 || unlabelled.length == 0) {
                throw new IllegalArgumentException(
                        "pairing needs a source with at least one labelled and one unlabelled"
                                + " record");
            }
            optDataBatchifier(BATCHIFIER);
            optLabelBatchifier(BATCHIFIER);
            return new LabelledUnlabelledPairs(this);
        }
    }
}
