package dev.annogan.datasets.mnist;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.datasets.split.LabelSplit;
import dev.annogan.datasets.split.ValidationSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST (Zalando; 60000 training and 10000 test images of 28 x 28 grey clothes in 10
 * classes) as a DJL dataset, read from the original gzipped IDX files in a local folder, with the
 * labelled/unlabelled and validation splits of semi-supervised benchmarks.
 *
 * <p>Each record's data is a {@code (1, 28, 28) float32} image, in {@code [-1, 1]} by default (the
 * range of a {@code tanh} generator; {@link PixelRange#ZERO_TO_ONE} gives {@code [0, 1]}), 0 being
 * the black background. Its labels are, as in the COCO dataset, the target then a flag: the class
 * index 0..9 as a {@code float32} scalar, then {@code labelled}, a {@code float32} scalar 1 or 0.
 * An unlabelled record's class is -1, never a real class, so a loss that ignores the flag fails
 * loudly instead of learning from fake labels.
 *
 * <p>Usages: {@code TEST} is the 10000 test images, all labelled. {@code VALIDATION} is the records
 * held out of the training file by {@link Builder#optValidationPerClass} or {@link
 * Builder#optValidationFraction}, all labelled. {@code TRAIN} is the rest of the training file;
 * only there do {@link Builder#optLabelsPerClass} or {@link Builder#optLabelledFraction} leave
 * records unlabelled (all are labelled when neither is set). Splits are {@link ValidationSplit} and
 * {@link LabelSplit}: seeded and stratified by class, and the two are disjoint.
 *
 * <pre>{@code
 * FashionMnist train = FashionMnist.builder()
 *         .optUsage(Dataset.Usage.TRAIN)
 *         .optValidationPerClass(500, 7)
 *         .optLabelsPerClass(10, 42)
 *         .setSampling(64, true)
 *         .build();
 * train.prepare();
 * }</pre>
 */
public final class FashionMnist extends RandomAccessDataset {

    /** The side of every image in pixels. */
    public static final int IMAGE_SIZE = 28;

    /** The class names, by class index. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /** The data folder relative to the repository root, where the project keeps its test data. */
    public static final Path DEFAULT_ROOT = Path.of("../shared/data/fashion-mnist");

    /** The value of the class label of an unlabelled record. */
    public static final int UNLABELLED = -1;

    /** The range pixel values are scaled to. */
    public enum PixelRange {
        /** {@code v / 255}. */
        ZERO_TO_ONE,
        /** {@code v / 127.5 - 1}, the range of a {@code tanh} output. */
        MINUS_ONE_TO_ONE
    }

    private final Usage usage;
    private final Path root;
    private final float[] lookup;
    private final Integer labelsPerClass;
    private final Double labelledFraction;
    private final long labelSeed;
    private final Integer validationPerClass;
    private final Double validationFraction;
    private final long validationSeed;
    private final boolean includeUnlabelled;

    private IdxImages images;
    private int[] rows;
    private int[] labels;

    private FashionMnist(Builder builder) {
        super(builder);
        usage = builder.usage;
        root = builder.root;
        labelsPerClass = builder.labelsPerClass;
        labelledFraction = builder.labelledFraction;
        labelSeed = builder.labelSeed;
        validationPerClass = builder.validationPerClass;
        validationFraction = builder.validationFraction;
        validationSeed = builder.validationSeed;
        includeUnlabelled = builder.includeUnlabelled;
        lookup = new float[256];
        for (int v = 0; v < 256; v++) {
            lookup[v] = builder.range == PixelRange.ZERO_TO_ONE ? v / 255f : v / 127.5f - 1f;
        }
    }

    /**
     * Creates a builder for the dataset.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the IDX files of this usage and computes the splits; later calls do nothing.
     *
     * @param progress ignored: reading takes about a second
     * @throws IOException if a file is missing or not a valid Fashion-MNIST file
     */
    @Override
    public synchronized void prepare(Progress progress) throws IOException {
        if (images != null) {
            return;
        }
        FashionMnistFiles files = FashionMnistFiles.read(root, usage == Usage.TEST);
        int[] fileLabels = files.labels();
        int[] selected;
        boolean[] labelled;
        if (usage == Usage.TEST) {
            selected = IntStream.range(0, fileLabels.length).toArray();
            labelled = allTrue(selected.length);
        } else {
            ValidationSplit holdOut = validation(fileLabels);
            if (usage == Usage.VALIDATION) {
                selected = holdOut.validationIndices();
                labelled = allTrue(selected.length);
            } else {
                selected = holdOut.trainIndices();
                labelled = labelled(holdOut.select(fileLabels));
            }
        }
        int[] keptRows = new int[selected.length];
        int[] keptLabels = new int[selected.length];
        int kept = 0;
        for (int i = 0; i < selected.length; i++) {
            if (labelled[i] || includeUnlabelled) {
                keptRows[kept] = selected[i];
                keptLabels[kept] = labelled[i] ? fileLabels[selected[i]] : UNLABELLED;
                kept++;
            }
        }
        rows = Arrays.copyOf(keptRows, kept);
        labels = Arrays.copyOf(keptLabels, kept);
        images = files.images();
    }

    /** {@inheritDoc} */
    @Override
    public Record get(NDManager manager, long index) {
        int i = checkIndex(index);
        float[] pixels = new float[IMAGE_SIZE * IMAGE_SIZE];
        int offset = rows[i] * pixels.length;
        byte[] source = images.pixels();
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = lookup[source[offset + p] & 0xFF];
        }
        return RecordLayout.record(
                manager,
                manager.create(pixels, new Shape(1, IMAGE_SIZE, IMAGE_SIZE)),
                new NDList(manager.create((float) labels[i])),
                labels[i] != UNLABELLED);
    }

    /**
     * Returns a record's class.
     *
     * @param index the record's index in this dataset
     * @return the class 0..9, or {@link #UNLABELLED}
     */
    public int getLabel(long index) {
        return labels[checkIndex(index)];
    }

    /**
     * Returns whether a record carries its class.
     *
     * @param index the record's index in this dataset
     * @return true if labelled
     */
    public boolean isLabelled(long index) {
        return getLabel(index) != UNLABELLED;
    }

    /**
     * Returns the row of a record in its IDX file, to relate records across usages.
     *
     * @param index the record's index in this dataset
     * @return the image's index in the training or test file
     */
    public int getFileIndex(long index) {
        return rows[checkIndex(index)];
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        checkPrepared();
        return rows.length;
    }

    private int checkIndex(long index) {
        checkPrepared();
        if (index < 0 || index >= rows.length) {
            throw new IndexOutOfBoundsException(
                    "record " + index + " of a dataset of " + rows.length);
        }
        return (int) index;
    }

    private void checkPrepared() {
        if (images == null) {
            throw new IllegalStateException("call prepare() before reading FashionMnist records");
        }
    }

    private ValidationSplit validation(int[] fileLabels) {
        if (validationPerClass != null) {
            return ValidationSplit.perClass(fileLabels, validationPerClass, validationSeed);
        }
        if (validationFraction != null) {
            return ValidationSplit.byFraction(fileLabels, validationFraction, validationSeed);
        }
        return ValidationSplit.none(fileLabels.length);
    }

    /** Returns which of the given training records keep their labels. */
    private boolean[] labelled(int[] trainLabels) {
        LabelSplit split;
        if (labelsPerClass != null) {
            split = LabelSplit.perClass(trainLabels, labelsPerClass, labelSeed);
        } else if (labelledFraction != null) {
            split = LabelSplit.byFraction(trainLabels, labelledFraction, labelSeed);
        } else {
            split = LabelSplit.allLabelled(trainLabels.length);
        }
        boolean[] labelled = new boolean[trainLabels.length];
        for (int i = 0; i < labelled.length; i++) {
            labelled[i] = split.isLabelled(i);
        }
        return labelled;
    }

    private static boolean[] allTrue(int n) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        return all;
    }

    /** Configures a {@link FashionMnist} dataset. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Usage usage = Usage.TRAIN;
        private Path root = DEFAULT_ROOT;
        private PixelRange range = PixelRange.MINUS_ONE_TO_ONE;
        private Integer labelsPerClass;
        private Double labelledFraction;
        private long labelSeed;
        private Integer validationPerClass;
        private Double validationFraction;
        private long validationSeed;
        private boolean includeUnlabelled = true;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets which part to read; {@code TRAIN} by default.
         *
         * @param usage {@code TRAIN}, {@code VALIDATION} or {@code TEST}
         * @return this builder
         */
        public Builder optUsage(Dataset.Usage usage) {
            this.usage = usage;
            return this;
        }

        /**
         * Sets the folder holding {@code train-images-idx3-ubyte.gz} and the other three files;
         * {@link #DEFAULT_ROOT} by default.
         *
         * @param root the folder
         * @return this builder
         */
        public Builder optRoot(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets the range of the pixel values; {@code [-1, 1]} by default.
         *
         * @param range the range
         * @return this builder
         */
        public Builder optPixelRange(PixelRange range) {
            this.range = range;
            return this;
        }

        /**
         * Keeps the labels of {@code n} training records per class; the other training records
         * become unlabelled.
         *
         * @param n labelled records per class
         * @param seed the seed of the choice
         * @return this builder
         */
        public Builder optLabelsPerClass(int n, long seed) {
            this.labelsPerClass = n;
            this.labelSeed = seed;
            return this;
        }

        /**
         * Keeps the labels of a stratified fraction of the training records.
         *
         * @param fraction the labelled fraction in {@code (0, 1]}
         * @param seed the seed of the choice
         * @return this builder
         */
        public Builder optLabelledFraction(double fraction, long seed) {
            this.labelledFraction = fraction;
            this.labelSeed = seed;
            return this;
        }

        /**
         * Holds {@code n} records per class of the training file out as the validation set.
         *
         * @param n validation records per class
         * @param seed the seed of the choice
         * @return this builder
         */
        public Builder optValidationPerClass(int n, long seed) {
            this.validationPerClass = n;
            this.validationSeed = seed;
            return this;
        }

        /**
         * Holds a stratified fraction of the training file out as the validation set.
         *
         * @param fraction the held-out fraction in {@code (0, 1)}
         * @param seed the seed of the choice
         * @return this builder
         */
        public Builder optValidationFraction(double fraction, long seed) {
            this.validationFraction = fraction;
            this.validationSeed = seed;
            return this;
        }

        /**
         * Sets whether {@code TRAIN} includes the unlabelled records (default) or only the labelled
         * ones, e.g. for the supervised baseline trained on the same few labels.
         *
         * @param include whether to include unlabelled records
         * @return this builder
         */
        public Builder optIncludeUnlabelled(boolean include) {
            this.includeUnlabelled = include;
            return this;
        }

        /**
         * Builds the dataset; call {@link FashionMnist#prepare()} before reading it.
         *
         * @return the dataset
         * @throws IllegalArgumentException if a setting is out of range or two exclude each other
         */
        public FashionMnist build() {
            validate();
            return new FashionMnist(this);
        }

        private void validate() {
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(range, "range");
            if (labelsPerClass != null && labelledFraction != null) {
                throw new IllegalArgumentException(
                        "choose labels per class or a labelled fraction, not both");
            }
            if (validationPerClass != null && validationFraction != null) {
                throw new IllegalArgumentException(
                        "choose validation records per class or a fraction, not both");
            }
            if (labelsPerClass != null && labelsPerClass < 0
                    || validationPerClass != null && validationPerClass < 0) {
                throw new IllegalArgumentException("records per class must not be negative");
            }
            if (labelledFraction != null && !(labelledFraction > 0 && labelledFraction <= 1)) {
                throw new IllegalArgumentException(
                        "labelled fraction must be in (0, 1], got " + labelledFraction);
            }
            if (validationFraction != null && !(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException(
                        "validation fraction must be in (0, 1), got " + validationFraction);
            }
        }
    }
}
