package dev.annogan.examples.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.datasets.sampling.LabelledUnlabelledPairs;
import dev.annogan.datasets.sampling.RecordsWithSynthetic;
import dev.annogan.datasets.sampling.SyntheticImages;
import dev.annogan.training.run.RunSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Fashion-MNIST data of a run: the training file split by seed into a validation set (every
 * label kept) and a training set of which a few images per class keep their labels, the rest
 * unlabelled. The test file is read only on request ({@link #test}). Synthetic labelled images
 * (from a conditional GAN) may join the labelled ones ({@link #withSynthetic}).
 */
public final class ClassifierData {

    private final Path root;
    private final FashionMnist train;
    private final FashionMnist validation;
    private final long[] labelled;
    private final long[] unlabelled;
    private final int labelsPerClass;
    private final SyntheticImages synthetic;

    private ClassifierData(
            Path root,
            FashionMnist train,
            FashionMnist validation,
            long[] labelled,
            long[] unlabelled,
            int labelsPerClass,
            SyntheticImages synthetic) {
        this.root = root;
        this.labelsPerClass = labelsPerClass;
        this.train = train;
        this.validation = validation;
        this.labelled = labelled;
        this.unlabelled = unlabelled;
        this.synthetic = synthetic;
    }

    /**
     * Reads and splits the training file.
     *
     * @param root the Fashion-MNIST folder
     * @param labelsPerClass training images per class that keep their labels
     * @param validationPerClass training images per class held out for validation
     * @param trainLimit at most this many unlabelled images (0: all)
     * @param seed the seed of both splits
     * @throws RunSetupException if a part would be empty
     */
    public static ClassifierData load(
            Path root, int labelsPerClass, int validationPerClass, int trainLimit, long seed)
            throws IOException {
        FashionMnist train =
                read(root, Dataset.Usage.TRAIN, labelsPerClass, validationPerClass, seed);
        FashionMnist validation =
                read(root, Dataset.Usage.VALIDATION, labelsPerClass, validationPerClass, seed);
        List<Long> labelled = new ArrayList<>();
        List<Long> unlabelled = new ArrayList<>();
        for (long i = 0; i < train.size(); i++) {
            (train.isLabelled(i) ? labelled : unlabelled).add(i);
        }
        if (trainLimit > 0 && unlabelled.size() > trainLimit) {
            unlabelled = unlabelled.subList(0, trainLimit);
        }
        if (labelled.isEmpty() || unlabelled.isEmpty() || validation.size() == 0) {
            throw new RunSetupException(
                    String.format(
                            "%s: %d labelled, %d unlabelled and %d validation images; each needs"
                                    + " at least one (check --labels-per-class,"
                                    + " --validation-per-class and --train-limit)",
                            root, labelled.size(), unlabelled.size(), validation.size()));
        }
        return new ClassifierData(
                root,
                train,
                validation,
                toArray(labelled),
                toArray(unlabelled),
                labelsPerClass,
                null);
    }

    /**
     * Returns the labelled training images of {@link #load} alone: the same split (validation set
     * and labelled images) for the same arguments, so that a model trained on them, such as the
     * conditional GAN of augmentation, sees exactly the labels a semi-supervised run of that seed
     * has and no other image.
     *
     * @param root the Fashion-MNIST folder
     * @param labelsPerClass training images per class that keep their labels
     * @param validationPerClass training images per class held out for validation
     * @param seed the seed of both splits
     * @param batchSize the batch size of the dataset's own sampling
     * @return the labelled images, every record labelled, in file order
     */
    public static FashionMnist labelledOnly(
            Path root, int labelsPerClass, int validationPerClass, long seed, int batchSize)
            throws IOException {
        FashionMnist labelled =
                builder(root, Dataset.Usage.TRAIN, labelsPerClass, validationPerClass, seed)
                        .optIncludeUnlabelled(false)
                        .setSampling(batchSize, false)
                        .build();
        labelled.prepare(null);
        return labelled;
    }

    /**
     * Returns this data with synthetic labelled images added to the labelled pool: every training
     * step then draws its labelled half from the real and the synthetic images alike. The
     * unlabelled images, the validation set and {@link #labelledImages} (the data-dependent start
     * of the classifier) stay as they are, so a run with synthetic images starts from the same
     * weights as one without.
     *
     * @param images the synthetic images and their classes
     * @return the augmented data
     */
    public ClassifierData withSynthetic(SyntheticImages images) {
        long[] pool = Arrays.copyOf(labelled, labelled.length + images.count());
        for (int i = 0; i < images.count(); i++) {
            pool[labelled.length + i] = train.size() + i;
        }
        return new ClassifierData(
                root, train, validation, pool, unlabelled, labelsPerClass, images);
    }

    /** Returns the held-out validation records, all labelled. */
    public FashionMnist validation() {
        return validation;
    }

    /** Reads the 10,000 test images. */
    public FashionMnist test() throws IOException {
        return read(root, Dataset.Usage.TEST, 0, 0, 0);
    }

    private static FashionMnist read(
            Path root, Dataset.Usage usage, int labelsPerClass, int validationPerClass, long seed)
            throws IOException {
        FashionMnist dataset =
                builder(root, usage, labelsPerClass, validationPerClass, seed)
                        .setSampling(500, false)
                        .build();
        dataset.prepare(null);
        return dataset;
    }

    /** The one place the splits are configured, so that {@link #labelledOnly} matches them. */
    private static FashionMnist.Builder builder(
            Path root, Dataset.Usage usage, int labelsPerClass, int validationPerClass, long seed) {
        FashionMnist.Builder builder = FashionMnist.builder().optUsage(usage).optRoot(root);
        if (usage != Dataset.Usage.TEST) {
            builder.optValidationPerClass(validationPerClass, seed)
                    .optLabelsPerClass(labelsPerClass, seed);
        }
        return builder;
    }

    private static long[] toArray(List<Long> indices) {
        return indices.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Returns every real labelled training image in one array (synthetic ones left out).
     *
     * @param manager the manager that owns the array
     * @return the images, {@code (L, 1, 28, 28)} in the dataset's pixel range
     */
    public NDArray labelledImages(NDManager manager) throws IOException {
        NDList images = new NDList(labelled.length);
        for (long index : labelled) {
            if (index < train.size()) {
                images.add(train.get(manager, index).getData().head());
            }
        }
        return NDArrays.stack(images);
    }

    /** Returns the rows in the training file of the real labelled images, in pool order. */
    int[] labelledFileRows() {
        return Arrays.stream(labelled)
                .filter(index -> index < train.size())
                .mapToInt(train::getFileIndex)
                .toArray();
    }

    /**
     * Returns one epoch of training batches: B unlabelled images and B labelled ones per step, the
     * labelled ones drawn from the real and any synthetic labelled images.
     */
    public LabelledUnlabelledPairs pairs(int batchSize) {
        RandomAccessDataset records =
                synthetic == null ? train : new RecordsWithSynthetic(train, synthetic);
        return LabelledUnlabelledPairs.builder()
                .setRecords(records, labelled, unlabelled)
                .setSampling(batchSize, false)
                .build();
    }

    /** Returns a line saying how many images each part holds. */
    public String describe() {
        String extra =
                synthetic == null
                        ? ""
                        : String.format(
                                " + %d synthetic labelled (%d per class)",
                                synthetic.count(), synthetic.perClass());
        return String.format(
                "Fashion-MNIST %s: %d labelled (%d per class)%s, %d unlabelled, %d validation"
                        + " images",
                root,
                labelled.length - (synthetic == null ? 0 : synthetic.count()),
                labelsPerClass,
                extra,
                unlabelled.length,
                validation.size());
    }

    /**
     * Returns validation images for pictures: the first {@code perClass} of each class, in rounds
     * over the classes.
     *
     * @return the images' pixels, {@code n * 28 * 28} values in {@code [-1, 1]}, and their classes
     */
    Examples examples(int perClass) throws IOException {
        int k = FashionMnist.CLASS_NAMES.size();
        int pixels = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;
        List<Long> chosen = new ArrayList<>();
        for (int round = 0; round < perClass; round++) {
            for (int c = 0; c < k; c++) {
                int seen = 0;
                for (long i = 0; i < validation.size(); i++) {
                    if (validation.getLabel(i) == c && seen++ == round) {
                        chosen.add(i);
                        break;
                    }
                }
            }
        }
        float[] images = new float[chosen.size() * pixels];
        int[] classes = new int[chosen.size()];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int j = 0; j < chosen.size(); j++) {
                float[] image =
                        validation.get(manager, chosen.get(j)).getData().head().toFloatArray();
                System.arraycopy(image, 0, images, j * pixels, pixels);
                classes[j] = validation.getLabel(chosen.get(j));
            }
        }
        return new Examples(images, classes);
    }

    /**
     * Images with their classes.
     *
     * @param images {@code n * 28 * 28} pixel values
     * @param classes their classes
     */
    record Examples(float[] images, int[] classes) {}
}
