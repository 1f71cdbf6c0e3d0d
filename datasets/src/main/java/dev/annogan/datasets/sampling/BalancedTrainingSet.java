package dev.annogan.datasets.sampling;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.List;

/**
 * One epoch of a semi-supervised run: the labelled records and the unlabelled ones in equal
 * numbers, {@code n = max(labelled, unlabelled)} of each, the smaller group cycled to fill its
 * half. Shuffled batches then hold about as many labelled images as unlabelled ones, as Hung et al.
 * (2018) train on one labelled and one unlabelled batch per step; with 10% labels, plain shuffling
 * would give each step a tenth of the supervision and some steps none.
 *
 * <p>Without the unlabelled half ({@code optUnlabelled(false)}: the supervised baseline) the epoch
 * is the labelled half alone, the same {@code n} records, so with half the batch size both runs
 * take the same number of steps and see each labelled image equally often.
 */
public final class BalancedTrainingSet extends RandomAccessDataset {

    private final RandomAccessDataset source;
    private final long[] labelled;
    private final long[] unlabelled;
    private final int half;

    private BalancedTrainingSet(Builder builder) {
        super(builder);
        source = builder.source;
        labelled = toArray(builder.labelled);
        unlabelled = builder.withUnlabelled ? toArray(builder.unlabelled) : new long[0];
        half = Math.max(labelled.length, builder.unlabelled.size());
    }

    private static long[] toArray(List<Long> indices) {
        return indices.stream().mapToLong(Long::longValue).toArray();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of records of each kind per epoch, {@code max(labelled, unlabelled)}. */
    public int half() {
        return half;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        long record =
                index < half
                        ? labelled[(int) (index % labelled.length)]
                        : unlabelled[(int) ((index - half) % unlabelled.length)];
        return source.get(manager, record);
    }

    @Override
    protected long availableSize() {
        return unlabelled.length == 0 ? half : 2L * half;
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        source.prepare(progress);
    }

    /** Builds a {@link BalancedTrainingSet}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private RandomAccessDataset source;
        private List<Long> labelled;
        private List<Long> unlabelled;
        private boolean withUnlabelled = true;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the records to draw from and which of them are labelled and unlabelled.
         *
         * @param source the training dataset
         * @param labelled indices of its labelled records, at least one
         * @param unlabelled indices of its unlabelled records, possibly none
         */
        public Builder setSource(
                RandomAccessDataset source, List<Long> labelled, List<Long> unlabelled) {
            this.source = source;
            this.labelled = List.copyOf(labelled);
            this.unlabelled = List.copyOf(unlabelled);
            return this;
        }

        /** Sets whether the unlabelled half is included (the default) or left out. */
        public Builder optUnlabelled(boolean withUnlabelled) {
            this.withUnlabelled = withUnlabelled;
            return this;
        }

        /** Builds the dataset. */
        public BalancedTrainingSet build() {
            if (source == null || labelled.isEmpty()) {
                throw new IllegalArgumentException(
                        "a balanced set needs at least one labelled record");
            }
            return new BalancedTrainingSet(this);
        }
    }
}
