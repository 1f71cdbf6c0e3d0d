package dev.annogan.examples.annotator;

import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoTargets;
import dev.annogan.datasets.sampling.BalancedTrainingSet;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.datasets.split.ValidationSplit;
import dev.annogan.training.run.RunSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data of a semi-supervised annotator run: a COCO file's images split, by seed, into a held-out
 * validation set (every label kept, never trained on) and a training set of which only a chosen
 * part keeps its labels.
 *
 * @param classes the categories, in target order
 * @param train the training set; its unlabelled records carry {@link CocoTargets#IGNORE} targets
 * @param validation the held-out set, all labelled
 * @param summary one line saying what was read and how it was split
 */
public record AnnotationData(
        CategoryMap classes, CocoDataset train, CocoDataset validation, String summary) {

    /** Where the data come from. */
    public enum Kind {
        /** A folder written by {@code annogan shapes}: annotations.json and images/. */
        SHAPES,
        /** A COCO instances file and the folder its file names are relative to. */
        COCO
    }

    /**
     * A data source.
     *
     * @param kind what it is
     * @param annotations the COCO instances file
     * @param images the image folder
     */
    public record Source(Kind kind, Path annotations, Path images) {

        /** Returns the source of a folder written by {@code annogan shapes}. */
        public static Source shapes(Path folder) {
            return new Source(
                    Kind.SHAPES,
                    folder.resolve(ShapesDatasetGenerator.ANNOTATIONS_FILE),
                    folder.resolve(ShapesDatasetGenerator.IMAGE_FOLDER));
        }
    }

    /**
     * Which training images keep their labels: a fraction, a number per class, or (both null) all.
     *
     * @param fraction the labelled fraction in (0, 1], or null
     * @param perClass labelled images per class, or null
     */
    public record Labels(Double fraction, Integer perClass) {

        /** Returns the choice that keeps every label. */
        public static Labels all() {
            return new Labels(null, null);
        }

        /** Returns a short description, e.g. {@code "10% labelled"}. */
        public String describe() {
            if (fraction != null) {
                return String.format("%.4g%% labelled", 100 * fraction);
            }
            return perClass != null ? perClass + " labelled per class" : "all labelled";
        }
    }

    /**
     * Reads the source and splits it.
     *
     * @param source where the data are
     * @param validationSource where the validation images are, or null to hold out {@code heldOut}
     *     of {@code source}; its categories must be the same as the source's
     * @param target what each record's label is
     * @param size the side images are resized to
     * @param labels which training images keep their labels
     * @param heldOut the fraction of images held out for validation
     * @param seed the seed of both splits
     * @param batchSize the batch size of validation
     * @throws RunSetupException if the validation set or the labelled set would be empty, or the
     *     validation categories differ from the training ones
     */
    public static AnnotationData load(
            Source source,
            Source validationSource,
            CocoDataset.Target target,
            int size,
            Labels labels,
            double heldOut,
            long seed,
            int batchSize)
            throws IOException {
        CocoIndex index = CocoIndex.read(source.annotations());
        CategoryMap classes = index.categoryMap();
        CocoIndex trainIndex;
        CocoIndex validationIndex;
        Source validationImages;
        if (validationSource != null) {
            trainIndex = index;
            validationIndex = CocoIndex.read(validationSource.annotations());
            validationImages = validationSource;
            if (!sameCategories(validationIndex.categoryMap(), classes)) {
                throw new RunSetupException(
                        String.format(
                                "%s: its categories differ from those of %s; validation needs the"
                                        + " same ids and names",
                                validationSource.annotations(), source.annotations()));
            }
        } else {
            ValidationSplit split = ValidationSplit.byFraction(classSets(index), heldOut, seed);
            if (split.validationIndices().length == 0 || split.trainIndices().length == 0) {
                throw new RunSetupException(
                        String.format(
                                "%s: holding out %.2f of %d images leaves an empty %s set",
                                source.annotations(),
                                heldOut,
                                index.images().size(),
                                split.validationIndices().length == 0 ? "validation" : "training"));
            }
            trainIndex = subset(index, split.trainIndices());
            validationIndex = subset(index, split.validationIndices());
            validationImages = source;
        }
        if (validationIndex.images().isEmpty()) {
            throw new RunSetupException(validationSource.annotations() + " holds no images");
        }
        CocoDataset.Builder trainBuilder = dataset(trainIndex, source, target, size, batchSize);
        if (labels.fraction() != null) {
            trainBuilder.optLabelledFraction(labels.fraction(), seed);
        } else if (labels.perClass() != null) {
            trainBuilder.optLabelsPerClass(labels.perClass(), seed);
        }
        CocoDataset train = trainBuilder.build();
        CocoDataset validation =
                dataset(validationIndex, validationImages, target, size, batchSize).build();
        train.prepare(null);
        validation.prepare(null);
        int labelled = train.labelledIndices().size();
        if (labelled == 0) {
            throw new RunSetupException(
                    "no training image keeps its labels with "
                            + labels.describe()
                            + "; label more images");
        }
        String summary =
                String.format(
                        "%s: %d images, %d categories; %d training (%d labelled, %d unlabelled),"
                                + " %d %s for validation",
                        source.annotations().getFileName(),
                        index.images().size(),
                        classes.size(),
                        train.size(),
                        labelled,
                        train.size() - labelled,
                        validation.size(),
                        validationSource == null
                                ? "held out"
                                : "from " + validationSource.annotations().getFileName());
        return new AnnotationData(classes, train, validation, summary);
    }

    /** Returns whether both maps hold the same category ids and names in the same order. */
    private static boolean sameCategories(CategoryMap a, CategoryMap b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int k = 0; k < a.size(); k++) {
            if (a.categoryId(k) != b.categoryId(k) || !a.name(k).equals(b.name(k))) {
                return false;
            }
        }
        return true;
    }

    /** Returns the categories present in each image, in image order, for a stratified split. */
    private static List<int[]> classSets(CocoIndex index) {
        CategoryMap classes = index.categoryMap();
        List<int[]> classSets = new ArrayList<>();
        for (CocoImage image : index.images()) {
            float[] hot = CocoTargets.multiHot(index.annotationsOf(image.id()), classes);
            List<Integer> present = new ArrayList<>();
            for (int k = 0; k < hot.length; k++) {
                if (hot[k] > 0) {
                    present.add(k);
                }
            }
            classSets.add(present.stream().mapToInt(Integer::intValue).toArray());
        }
        return classSets;
    }

    private static CocoDataset.Builder dataset(
            CocoIndex index, Source source, CocoDataset.Target target, int size, int batchSize) {
        return CocoDataset.builder()
                .setIndex(index)
                .setImageFolder(source.images())
                .optTarget(target)
                .optImageSize(size, size)
                .setSampling(batchSize, false);
    }

    /** Returns the index of the chosen images, their annotations and every category. */
    private static CocoIndex subset(CocoIndex index, int[] chosen) {
        List<CocoImage> images = new ArrayList<>(chosen.length);
        Set<Long> ids = new HashSet<>();
        for (int i : chosen) {
            CocoImage image = index.images().get(i);
            images.add(image);
            ids.add(image.id());
        }
        List<CocoAnnotation> annotations = new ArrayList<>();
        for (CocoAnnotation a : index.annotations()) {
            if (ids.contains(a.imageId())) {
                annotations.add(a);
            }
        }
        return CocoIndex.of(images, index.categories(), annotations);
    }

    /**
     * Returns one epoch's training records: labelled and unlabelled in equal numbers, or the
     * labelled ones alone for the supervised baseline (see {@link BalancedTrainingSet}).
     *
     * @param withUnlabelled whether the unlabelled images take part
     * @param batchSize the batch size the dataset's own sampler uses
     */
    public BalancedTrainingSet trainingSet(boolean withUnlabelled, int batchSize) {
        return BalancedTrainingSet.builder()
                .setSource(train, train.labelledIndices(), train.unlabelledIndices())
                .optUnlabelled(withUnlabelled)
                .setSampling(batchSize, false)
                .build();
    }
}
