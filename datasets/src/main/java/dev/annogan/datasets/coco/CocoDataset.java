package dev.annogan.datasets.coco;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.datasets.image.ImageLoader;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.datasets.split.LabelSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DJL dataset over a COCO index and its image folder, for training annotators.
 *
 * <p>Each record's data is the image, resized to the chosen size, normalised, as a {@code 3 x H x
 * W} float array. Its labels are the chosen {@link Target} followed by a {@code labelled} flag:
 *
 * <ul>
 *   <li>{@link Target#MULTI_HOT}: {@code (K) float32} 0/1 per class, then the flag;
 *   <li>{@link Target#SEMANTIC_MASK}: {@code (H, W) int32} class map (0 background, {@code k+1}
 *       class {@code k}; overlaps follow {@link CocoTargets}), resized with the image by nearest
 *       neighbour, then the flag;
 *   <li>{@link Target#BOXES}: {@code (maxBoxes, 5) float32} rows {@code [class, x0, y0, x1, y1]} in
 *       output pixels padded with {@link CocoTargets#IGNORE}, then the {@code int32} box count,
 *       then the flag.
 * </ul>
 *
 * <p>The flag is a {@code float32} scalar, 1 for labelled records and 0 for unlabelled ones. An
 * unlabelled record's targets are filled with {@link CocoTargets#IGNORE}, never with labels: a
 * semi-supervised objective must read the flag, and a supervised loss that forgets to would see an
 * out-of-range class and fail loudly rather than learn from fake labels.
 *
 * <pre>{@code
 * CocoDataset train = CocoDataset.builder()
 *         .setAnnotations(Path.of("coco/annotations/instances_train2017.json"))
 *         .setImageFolder(Path.of("coco/train2017"))
 *         .optTarget(CocoDataset.Target.MULTI_HOT)
 *         .optImageSize(128, 128)
 *         .optLabelledFraction(0.125, 42)
 *         .setSampling(32, true)
 *         .optPrefetchNumber(4)
 *         .build();
 * train.prepare(new ProgressBar());
 * }</pre>
 *
 * <p>For throughput, iterate with an executor ({@code getData(manager, executor)}): DJL then loads
 * records in parallel and keeps {@code prefetchNumber} batches ready.
 */
public final class CocoDataset extends RandomAccessDataset {

    /** What a record's label is. */
    public enum Target {
        /** A K-vector with 1 for each class present in the image. */
        MULTI_HOT,
        /** An H×W class-index map. */
        SEMANTIC_MASK,
        /** Padded instance boxes with their count. */
        BOXES
    }

    private final CocoIndex index;
    private final Path imageFolder;
    private final CategoryMap classes;
    private final Target target;
    private final int height;
    private final int width;
    private final int maxBoxes;
    private final ImageLoader loader;
    // Both shrink once, in prepare(), when skipInvalid drops records with missing files.
    private List<CocoImage> records;
    private boolean[] labelled;
    private final boolean skipInvalid;
    private boolean prepared;

    private CocoDataset(Builder builder, CocoIndex index) {
        super(builder);
        this.index = index;
        this.imageFolder = builder.imageFolder;
        this.target = builder.target;
        this.height = builder.height;
        this.width = builder.width;
        this.maxBoxes = builder.maxBoxes;
        this.skipInvalid = builder.skipInvalid;
        this.cacheRoom = new AtomicLong(builder.cacheBytes);
        this.classes =
                builder.categoryNames == null
                        ? index.categoryMap()
                        : index.categoryMap().subset(idsOf(index, builder.categoryNames));
        this.loader =
                ImageLoader.builder()
                        .setSize(width, height)
                        .optNormalization(builder.normalization)
                        .build();
        List<CocoImage> kept = new ArrayList<>();
        for (CocoImage image : index.images()) {
            if (builder.keepUnannotated || hasClass(image)) {
                kept.add(image);
            }
        }
        this.records = kept;
        this.labelled = split(builder);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static List<Integer> idsOf(CocoIndex index, List<String> names) {
        List<Integer> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(index.categoryMap().category(index.categoryMap().indexOfName(name)).id());
        }
        return ids;
    }

    private boolean hasClass(CocoImage image) {
        for (CocoAnnotation a : index.annotationsOf(image.id())) {
            if (classes.contains(a.categoryId())) {
                return true;
            }
        }
        return false;
    }

    private boolean[] split(Builder builder) {
        boolean[] all = new boolean[records.size()];
        if (builder.labelledFraction == null && builder.labelsPerClass == null) {
            Arrays.fill(all, true);
            return all;
        }
        List<int[]> classSets = new ArrayList<>(records.size());
        for (CocoImage image : records) {
            float[] hot = CocoTargets.multiHot(index.annotationsOf(image.id()), classes);
            int[] set = new int[classes.size()];
            int n = 0;
            for (int k = 0; k < hot.length; k++) {
                if (hot[k] > 0) {
                    set[n++] = k;
                }
            }
            classSets.add(Arrays.copyOf(set, n));
        }
        LabelSplit split =
                builder.labelledFraction != null
                        ? LabelSplit.byFraction(classSets, builder.labelledFraction, builder.seed)
                        : LabelSplit.perClass(classSets, builder.labelsPerClass, builder.seed);
        for (int i = 0; i < all.length; i++) {
            all[i] = split.isLabelled(i);
        }
        return all;
    }

    /**
     * Checks that every record's image file exists inside the image folder. With skipInvalid,
     * records whose file is missing are dropped (and counted in {@link #skipped()}); otherwise the
     * first missing file throws.
     */
    @Override
    public void prepare(Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        if (!Files.isDirectory(imageFolder)) {
            throw new NoSuchFileException(imageFolder.toString(), null, "no such image folder");
        }
        List<CocoImage> present = new ArrayList<>(records.size());
        boolean[] presentLabelled = new boolean[records.size()];
        if (progress != null) {
            progress.reset("Image files", records.size());
        }
        for (int i = 0; i < records.size(); i++) {
            CocoImage image = records.get(i);
            Path file = ImagePaths.resolve(imageFolder, image.fileName());
            if (Files.isRegularFile(file)) {
                presentLabelled[present.size()] = labelled[i];
                present.add(image);
            } else {
                CocoProblem problem =
                        new CocoProblem(
                                index.source(),
                                "image",
                                image.id(),
                                -1,
                                "file_name",
                                "image file " + file + " does not exist");
                if (!skipInvalid) {
                    throw new CocoFormatException(problem);
                }
                skipped.add(problem);
            }
            if (progress != null && i % 256 == 0) {
                progress.update(i);
            }
        }
        if (progress != null) {
            progress.end();
        }
        records = present;
        labelled = Arrays.copyOf(presentLabelled, present.size());
        prepared = true;
    }

    private final List<CocoProblem> skipped = new ArrayList<>();

    // Decoded, resized, normalised images by image id. JPEG decoding costs ~5 ms an image on one
    // core, as much as a training step spends on it; from the second epoch on, cached records
    // cost a copy. The budget bounds the memory; records beyond it are decoded every time.
    private final Map<Long, float[]> cache = new ConcurrentHashMap<>();
    private final AtomicLong cacheRoom;

    private void remember(long imageId, float[] pixels) {
        long bytes = 4L * pixels.length;
        if (cacheRoom.addAndGet(-bytes) >= 0) {
            cache.put(imageId, pixels);
        } else {
            cacheRoom.addAndGet(bytes);
        }
    }

    /** Returns the records dropped by {@link #prepare} under skipInvalid. */
    public List<CocoProblem> skipped() {
        return List.copyOf(skipped);
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        int i = Math.toIntExact(index);
        CocoImage image = records.get(i);
        Path file = ImagePaths.resolve(imageFolder, image.fileName());
        float[] pixels = cache.get(image.id());
        try {
            if (pixels == null) {
                pixels = loader.load(file);
                remember(image.id(), pixels);
            }
        } catch (IOException e) {
            throw new CocoFormatException(
                    List.of(
                            new CocoProblem(
                                    this.index.source(),
                                    "image",
                                    image.id(),
                                    -1,
                                    "file_name",
                                    e.getMessage())),
                    e);
        }
        NDArray data = manager.create(pixels, new Shape(3, height, width));
        NDList labels = new NDList();
        boolean isLabelled = labelled[i];
        List<CocoAnnotation> annotations = this.index.annotationsOf(image.id());
        switch (target) {
            case MULTI_HOT -> {
                float[] hot =
                        isLabelled
                                ? CocoTargets.multiHot(annotations, classes)
                                : filled(classes.size());
                labels.add(manager.create(hot));
            }
            case SEMANTIC_MASK -> {
                int[] mask;
                if (isLabelled) {
                    int[] full = CocoTargets.semanticMap(image, annotations, classes);
                    mask = loader.resizeMask(full, image.height(), image.width());
                } else {
                    mask = new int[height * width];
                    Arrays.fill(mask, CocoTargets.IGNORE);
                }
                labels.add(manager.create(mask, new Shape(height, width)));
            }
            case BOXES -> {
                float[] rows =
                        isLabelled
                                ? CocoTargets.boxes(
                                        image, annotations, classes, maxBoxes, width, height)
                                : filled(maxBoxes * 5);
                int count =
                        isLabelled
                                ? CocoTargets.boxCount(annotations, classes, maxBoxes)
                                : CocoTargets.IGNORE;
                labels.add(manager.create(rows, new Shape(maxBoxes, 5)));
                labels.add(manager.create(count));
            }
        }
        return RecordLayout.record(manager, data, labels, isLabelled);
    }

    private static float[] filled(int n) {
        float[] values = new float[n];
        Arrays.fill(values, CocoTargets.IGNORE);
        return values;
    }

    @Override
    protected long availableSize() {
        return records.size();
    }

    /** Returns the classes the targets index, in index order. */
    public CategoryMap classes() {
        return classes;
    }

    /**
     * Returns the loader that decodes, resizes and normalises the images, so that a model trained
     * on this dataset can record how its inputs were prepared.
     */
    public ImageLoader imageLoader() {
        return loader;
    }

    /** Returns the index the dataset reads. */
    public CocoIndex index() {
        return index;
    }

    /** Returns the image of a record. */
    public CocoImage image(long index) {
        return records.get(Math.toIntExact(index));
    }

    /** Returns whether a record is labelled. */
    public boolean isLabelled(long index) {
        return labelled[Math.toIntExact(index)];
    }

    /** Returns the indices of the labelled records, ascending. */
    public List<Long> labelledIndices() {
        return indices(true);
    }

    /** Returns the indices of the unlabelled records, ascending. */
    public List<Long> unlabelledIndices() {
        return indices(false);
    }

    private List<Long> indices(boolean wanted) {
        List<Long> list = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (labelled[i] == wanted) {
                list.add((long) i);
            }
        }
        return list;
    }

    /** Builds a {@link CocoDataset}, in DJL's builder style. */
    public static final class Builder extends BaseBuilder<Builder> {
        private CocoIndex index;
        private Path annotations;
        private Path imageFolder;
        private Target target = Target.MULTI_HOT;
        private int height = 128;
        private int width = 128;
        private int maxBoxes = 32;
        private Normalization normalization = Normalization.SYMMETRIC;
        private List<String> categoryNames;
        private boolean keepUnannotated = true;
        private boolean skipInvalid;
        private Double labelledFraction;
        private Integer labelsPerClass;
        private long seed = 42;
        private long cacheBytes = Runtime.getRuntime().maxMemory() / 4;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the COCO instances file to read (or use {@link #setIndex}). */
        public Builder setAnnotations(Path annotations) {
            this.annotations = annotations;
            return this;
        }

        /** Sets an index already read. */
        public Builder setIndex(CocoIndex index) {
            this.index = index;
            return this;
        }

        /** Sets the folder the images' {@code file_name}s are relative to. */
        public Builder setImageFolder(Path imageFolder) {
            this.imageFolder = imageFolder;
            return this;
        }

        /** Sets what each record's label is; defaults to {@link Target#MULTI_HOT}. */
        public Builder optTarget(Target target) {
            this.target = target;
            return this;
        }

        /**
         * Sets the output image size, width first as in DJL's {@code Resize}; defaults to 128×128.
         */
        public Builder optImageSize(int width, int height) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Sets how many boxes a {@link Target#BOXES} record holds; defaults to 32. */
        public Builder optMaxBoxes(int maxBoxes) {
            this.maxBoxes = maxBoxes;
            return this;
        }

        /** Sets the per-channel normalisation; defaults to mapping [0, 255] to [-1, 1]. */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** Restricts the classes to these category names, indexed in category-id order. */
        public Builder optCategories(List<String> names) {
            this.categoryNames = List.copyOf(names);
            return this;
        }

        /**
         * Sets whether images without an annotation of the chosen classes are kept as negatives
         * (true, the default) or dropped.
         */
        public Builder optKeepUnannotated(boolean keep) {
            this.keepUnannotated = keep;
            return this;
        }

        /**
         * Sets whether records with a missing image file are skipped (and listed by {@link
         * #skipped()}) instead of failing {@link #prepare}.
         */
        public Builder optSkipInvalid(boolean skipInvalid) {
            this.skipInvalid = skipInvalid;
            return this;
        }

        /**
         * Sets how many bytes of decoded images the dataset keeps in memory between epochs;
         * defaults to a quarter of the maximum heap. 0 decodes every image every time.
         */
        public Builder optImageCacheBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("cache size must be >= 0, got " + bytes);
            }
            this.cacheBytes = bytes;
            return this;
        }

        /** Keeps labels on a seeded, class-stratified fraction of the records only. */
        public Builder optLabelledFraction(double fraction, long seed) {
            this.labelledFraction = fraction;
            this.seed = seed;
            return this;
        }

        /** Keeps labels on a seeded choice of {@code n} records per class only. */
        public Builder optLabelsPerClass(int n, long seed) {
            this.labelsPerClass = n;
            this.seed = seed;
            return this;
        }

        /**
         * Builds the dataset, reading the annotations file if one was set.
         *
         * @throws CocoFormatException if the annotations file is invalid
         */
        public CocoDataset build() throws IOException {
            if ((index == null) == (annotations == null)) {
                throw new IllegalArgumentException("set exactly one of annotations or index");
            }
            if (imageFolder == null) {
                throw new IllegalArgumentException("the image folder is required");
            }
            if (height < 1 || width < 1 || height > 4096 || width > 4096) {
                throw new IllegalArgumentException(
                        "image size must be within 1..4096, got " + height + "x" + width);
            }
            if (maxBoxes < 1) {
                throw new IllegalArgumentException("maxBoxes must be >= 1, got " + maxBoxes);
            }
            if (labelledFraction != null && labelsPerClass != null) {
                throw new IllegalArgumentException(
                        "choose a labelled fraction or labels per class, not both");
            }
            if (labelledFraction != null && !(labelledFraction > 0 && labelledFraction <= 1)) {
                throw new IllegalArgumentException(
                        "labelled fraction must be in (0, 1], got " + labelledFraction);
            }
            CocoIndex source =
                    index != null
                            ? index
                            : CocoIndex.reader().optSkipInvalid(skipInvalid).read(annotations);
            return new CocoDataset(this, source);
        }
    }
}
