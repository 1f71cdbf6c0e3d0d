package dev.annogan.datasets.sampling;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import dev.annogan.datasets.RecordLayout;
import java.io.IOException;
import java.util.Arrays;

/**
 * A training set's records followed by synthetic labelled images: record {@code i < n} is the
 * source's, record {@code n + j} is synthetic image j, in the source's record layout (data {@code
 * NDList(image (1, H, W))}, labels {@code NDList(class, labelled = 1)}, as {@code FashionMnist}'s),
 * so {@link LabelledUnlabelledPairs} can draw labelled rows from both by index.
 */
public final class RecordsWithSynthetic extends RandomAccessDataset {

    private final RandomAccessDataset source;
    private final long sourceSize;
    private final SyntheticImages synthetic;

    /**
     * Appends {@code synthetic} to {@code source}'s records.
     *
     * @param source the real training records
     * @param synthetic the generated images and their classes
     */
    public RecordsWithSynthetic(RandomAccessDataset source, SyntheticImages synthetic) {
        super(new Builder().setSampling(1, false));
        this.source = source;
        this.sourceSize = source.size();
        this.synthetic = synthetic;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        if (index < sourceSize) {
            return source.get(manager, index);
        }
        int j = Math.toIntExact(index - sourceSize);
        int side = synthetic.side();
        int pixels = side * side;
        float[] image = Arrays.copyOfRange(synthetic.images(), j * pixels, (j + 1) * pixels);
        return RecordLayout.record(
                manager,
                manager.create(image, new Shape(1, side, side)),
                new NDList(manager.create((float) synthetic.classes()[j])),
                true);
    }

    @Override
    protected long availableSize() {
        return sourceSize + synthetic.count();
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
