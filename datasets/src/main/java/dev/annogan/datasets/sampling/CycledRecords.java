package dev.annogan.datasets.sampling;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;

/**
 * A few records repeated to a given size: record i is the source's record {@code i mod n}. A GAN
 * trained on 100 images would otherwise end an epoch (and pay for a validation pass) every two
 * steps; cycled to the size of the full training split, its epochs are as long as with every image.
 */
public final class CycledRecords extends RandomAccessDataset {

    private final RandomAccessDataset source;
    private final long sourceSize;
    private final long size;

    /**
     * Repeats {@code source} to {@code size} records, batched by {@code batchSize}.
     *
     * @param source the few records
     * @param size the number of records of the cycled set
     * @param batchSize the batch size of its (unshuffled) sampler; training loops draw their own
     */
    public CycledRecords(RandomAccessDataset source, long size, int batchSize) {
        super(new Builder().setSampling(batchSize, false));
        this.source = source;
        this.sourceSize = source.size();
        this.size = size;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        return source.get(manager, index % sourceSize);
    }

    @Override
    protected long availableSize() {
        return size;
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        source.prepare(progress);
    }

    private static final class Builder extends BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
