package dev.annogan.datasets.coco.eval;

import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import java.util.List;

/**
 * Evaluates detections against COCO ground truth exactly as pycocotools' {@code COCOeval} with its
 * default parameters ({@code evaluate()}, {@code accumulate()}, {@code summarize()}): IoU
 * thresholds .50:.05:.95, 101 recall thresholds, 1/10/100 detections per image, the four area
 * ranges, per-category matching.
 *
 * <pre>{@code
 * CocoIndex gt = CocoIndex.read(Path.of("instances_val2017.json"));
 * List<CocoPrediction> dt = CocoResults.read(Path.of("results.json"), gt);
 * EvalResult result = CocoEvaluator.evaluate(gt, dt, IouType.SEGM);
 * System.out.print(result.summary());
 * double mAP = result.stats()[0];
 * }</pre>
 *
 * <p>The details that move the numbers are pycocotools': crowd regions are ignored ground truth
 * that can absorb any number of detections; a ground truth's area is its file's {@code area} field;
 * detections are ranked with a stable sort so that ties keep results-file order; and polygons are
 * rasterised by {@link dev.annogan.datasets.coco.mask.RunLengthMask}, bit-exact with the official
 * masks.
 */
public final class CocoEvaluator {

    private CocoEvaluator() {}

    /**
     * Evaluates detections (in results-file order) against the ground truth over all of its images
     * and categories.
     *
     * @throws IllegalArgumentException if a detection's image is not in the ground truth, or a
     *     region lacks the box or mask that {@code type} compares
     */
    public static EvalResult evaluate(
            CocoIndex groundTruth, List<CocoPrediction> detections, IouType type) {
        EvalRegions gt = EvalRegions.groundTruth(groundTruth, type);
        EvalRegions dt = EvalRegions.detections(groundTruth, detections, type);
        long[] imageIds =
                groundTruth.images().stream()
                        .mapToLong(CocoImage::id)
                        .sorted()
                        .distinct()
                        .toArray();
        List<Integer> categoryIds =
                groundTruth.categories().stream()
                        .map(CocoCategory::id)
                        .sorted()
                        .distinct()
                        .toList();

        int maxDets = EvalParams.MAX_DETS[EvalParams.MAX_DETS.length - 1];
        double[][] areaRanges = EvalParams.AREA_RANGES;
        ImageEvaluation[][][] evaluations =
                new ImageEvaluation[categoryIds.size()][areaRanges.length][imageIds.length];
        for (int k = 0; k < categoryIds.size(); k++) {
            int categoryId = categoryIds.get(k);
            for (int i = 0; i < imageIds.length; i++) {
                ImageMatcher matcher =
                        ImageMatcher.of(
                                gt.of(imageIds[i], categoryId),
                                dt.of(imageIds[i], categoryId),
                                type,
                                maxDets);
                if (matcher == null) {
                    continue;
                }
                for (int a = 0; a < areaRanges.length; a++) {
                    evaluations[k][a][i] = matcher.evaluate(areaRanges[a], maxDets);
                }
            }
        }
        PrecisionRecall tables = PrecisionRecallAccumulator.accumulate(evaluations);
        return new EvalResult(type, categoryIds, tables);
    }
}
