package dev.annogan.examples.annotate;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.core.metrics.MultiLabelAveragePrecision;
import dev.annogan.core.metrics.MultiLabelF1;
import dev.annogan.datasets.coco.CategoryMap;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoTargets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of an annotator's COCO results against ground truth that COCOeval does not give:
 * image-level tagging (mAP and F1 against the categories each image's annotations show) and
 * semantic segmentation (mIoU and pixel accuracy against the ground truth painted as training
 * paints its targets, {@link CocoTargets#semanticMap}).
 */
public final class AnnotationEvaluation {

    private AnnotationEvaluation() {}

    /**
     * Tagging metrics.
     *
     * @param images the images evaluated: those with at least one result
     * @param meanAveragePrecision mAP over the categories with a positive image
     * @param microF1 F1 over all (image, category) pairs, tags counted above the threshold
     * @param macroF1 the mean F1 of the categories that occur or are predicted
     * @param averagePrecision AP per category (NaN for a category no image shows)
     */
    public record TagMetrics(
            int images,
            double meanAveragePrecision,
            double microF1,
            double macroF1,
            double[] averagePrecision) {}

    /**
     * Scores image-level results as tags. An image's ground-truth tags are the categories its
     * annotations (crowds included) show; a category without a result for an image scores 0.
     *
     * @param groundTruth the ground truth
     * @param results image-level results ({@link CocoPrediction#isTag()}), or any results whose
     *     categories and scores are read as tags
     * @param threshold a tag counts when its score is strictly above this, for F1
     * @return the metrics over the images the results cover
     */
    public static TagMetrics tags(
            CocoIndex groundTruth, List<CocoPrediction> results, double threshold) {
        CategoryMap classes = groundTruth.categoryMap();
        int k = classes.size();
        Map<Long, float[]> scores = new LinkedHashMap<>();
        for (CocoPrediction d : results) {
            int index = classes.indexOf(d.categoryId());
            if (index < 0) {
                continue;
            }
            float[] row = scores.computeIfAbsent(d.imageId(), id -> new float[k]);
            row[index] = Math.max(row[index], (float) d.score());
        }
        float[][] predicted = new float[scores.size()][];
        int[][] labels = new int[scores.size()][];
        float[][] targets = new float[scores.size()][];
        int n = 0;
        for (Map.Entry<Long, float[]> entry : scores.entrySet()) {
            float[] hot = CocoTargets.multiHot(groundTruth.annotationsOf(entry.getKey()), classes);
            predicted[n] = entry.getValue();
            targets[n] = hot;
            labels[n] = new int[k];
            for (int c = 0; c < k; c++) {
                labels[n][c] = hot[c] > 0 ? 1 : 0;
            }
            n++;
        }
        double[] ap = MultiLabelAveragePrecision.perCategoryAveragePrecision(predicted, labels);
        double map =
                n == 0
                        ? Double.NaN
                        : MultiLabelAveragePrecision.meanAveragePrecision(predicted, labels);
        MultiLabelF1 f1 = MultiLabelF1.builder().optThreshold(threshold).build();
        double micro = Double.NaN;
        double macro = Double.NaN;
        if (n > 0) {
            try (NDManager manager = NDManager.newBaseManager()) {
                f1.addAccumulator("tags");
                f1.updateAccumulator(
                        "tags",
                        new NDList(manager.create(targets)),
                        new NDList(manager.create(predicted)));
                micro = f1.getMicroF1("tags");
                macro = f1.getMacroF1("tags");
            }
        }
        return new TagMetrics(n, map, micro, macro, ap);
    }

    /**
     * Compares mask results with the ground truth pixel by pixel over every ground-truth image.
     * Each image's masks are painted in increasing score order, so where they overlap the surest
     * wins; pixels no mask covers are background. The ground truth is painted as training targets
     * are: class 0 background, class {@code k + 1} category {@code k}.
     *
     * @param groundTruth the ground truth
     * @param results mask results
     * @return the confusion matrix over {@code K + 1} classes
     */
    public static ConfusionMatrix semantic(CocoIndex groundTruth, List<CocoPrediction> results) {
        CategoryMap classes = groundTruth.categoryMap();
        Map<Long, List<CocoPrediction>> byImage = new HashMap<>();
        for (CocoPrediction d : results) {
            if (d.segmentation() != null && classes.contains(d.categoryId())) {
                byImage.computeIfAbsent(d.imageId(), id -> new ArrayList<>()).add(d);
            }
        }
        ConfusionMatrix matrix = new ConfusionMatrix(classes.size() + 1);
        for (CocoImage image : groundTruth.images()) {
            int h = image.height();
            int w = image.width();
            int[] target =
                    CocoTargets.semanticMap(image, groundTruth.annotationsOf(image.id()), classes);
            int[] predicted = new int[h * w];
            List<CocoPrediction> masks =
                    new ArrayList<>(byImage.getOrDefault(image.id(), List.of()));
            masks.sort(Comparator.comparingDouble(CocoPrediction::score));
            for (CocoPrediction d : masks) {
                byte[] pixels = d.segmentation().toMask(h, w).toBinary(true);
                int value = classes.indexOf(d.categoryId()) + 1;
                for (int p = 0; p < pixels.length; p++) {
                    if (pixels[p] != 0) {
                        predicted[p] = value;
                    }
                }
            }
            matrix.add(target, predicted, CocoTargets.IGNORE);
        }
        return matrix;
    }
}
