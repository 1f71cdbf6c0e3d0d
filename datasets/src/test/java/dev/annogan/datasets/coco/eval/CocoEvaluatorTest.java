package dev.annogan.datasets.coco.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.annogan.datasets.coco.CocoAnnotation;
import dev.annogan.datasets.coco.CocoCategory;
import dev.annogan.datasets.coco.CocoImage;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.Segmentation;
import dev.annogan.datasets.coco.mask.RunLengthMask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed evaluations of one 100x100 image with category 1. */
class CocoEvaluatorTest {

    private static final CocoImage IMAGE = new CocoImage(1, "a.jpg", 100, 100, null, null);
    private static final List<CocoCategory> CATEGORIES =
            List.of(new CocoCategory(1, "thing", null));
    private static final double[] OBJECT_BOX = {10, 10, 20, 20};
    private static final double[] SQUARE = {10, 10, 10, 30, 30, 30, 30, 10};

    /** One small (400 px) object with a polygon for segm evaluation. */
    private static CocoAnnotation object() {
        return new CocoAnnotation(
                1, 1, 1, OBJECT_BOX, 400, false, new Segmentation.Polygons(List.of(SQUARE)));
    }

    private static CocoIndex groundTruth(CocoAnnotation... annotations) {
        return CocoIndex.of(List.of(IMAGE), CATEGORIES, List.of(annotations));
    }

    private static CocoPrediction box(double[] bbox, double score) {
        return new CocoPrediction(1, 1, bbox, null, score);
    }

    @Test
    void onePerfectBoxScoresApOneAndLeavesEmptyAreaRangesAtMinusOne() {
        EvalResult result =
                CocoEvaluator.evaluate(
                        groundTruth(object()), List.of(box(OBJECT_BOX, 0.9)), IouType.BBOX);
        double[] stats = result.stats();
        assertEquals(1.0, stats[0], 1e-12, "AP");
        assertEquals(1.0, stats[3], 1e-12, "AP small");
        assertEquals(-1.0, stats[4], "AP medium: no medium ground truth");
        assertEquals(-1.0, stats[5], "AP large: no large ground truth");
        assertEquals(1.0, stats[6], 1e-12, "AR@1");
    }

    @Test
    void onePerfectMaskScoresApOne() {
        String counts = RunLengthMask.fromPolygon(SQUARE, 100, 100).toCompressedString();
        CocoPrediction mask =
                new CocoPrediction(
                        1, 1, null, new Segmentation.CompressedRle(100, 100, counts), 0.8);
        EvalResult result =
                CocoEvaluator.evaluate(groundTruth(object()), List.of(mask), IouType.SEGM);
        assertEquals(1.0, result.stats()[0], 1e-12);
    }

    @Test
    void detectionInsideACrowdIsIgnored() {
        CocoAnnotation crowd =
                new CocoAnnotation(
                        2,
                        1,
                        1,
                        new double[] {50, 50, 40, 40},
                        1600,
                        true,
                        new Segmentation.Rle(100, 100, new int[] {10000}));
        // The crowd detection ranks first; were it a false positive, AP would be 0.5.
        List<CocoPrediction> detections =
                List.of(box(new double[] {55, 55, 10, 10}, 0.95), box(OBJECT_BOX, 0.9));
        EvalResult result =
                CocoEvaluator.evaluate(groundTruth(object(), crowd), detections, IouType.BBOX);
        assertEquals(1.0, result.stats()[0], 1e-12, "AP");
        assertEquals(1.0, result.stats()[8], 1e-12, "AR@100: the crowd is not a missed object");
    }

    @Test
    void falsePositiveRankedFirstHalvesPrecision() {
        List<CocoPrediction> detections =
                List.of(box(new double[] {60, 60, 20, 20}, 0.95), box(OBJECT_BOX, 0.9));
        EvalResult result = CocoEvaluator.evaluate(groundTruth(object()), detections, IouType.BBOX);
        assertEquals(0.5, result.stats()[0], 1e-12);
    }

    @Test
    void tiedScoresKeepResultsOrder() {
        CocoPrediction hit = box(OBJECT_BOX, 0.5);
        CocoPrediction miss = box(new double[] {60, 60, 20, 20}, 0.5);
        CocoIndex gt = groundTruth(object());
        assertEquals(
                1.0,
                CocoEvaluator.evaluate(gt, List.of(hit, miss), IouType.BBOX).stats()[0],
                1e-12);
        assertEquals(
                0.5,
                CocoEvaluator.evaluate(gt, List.of(miss, hit), IouType.BBOX).stats()[0],
                1e-12);
    }

    @Test
    void summaryIsFormattedLikePycocotools() {
        EvalResult result =
                CocoEvaluator.evaluate(
                        groundTruth(object()), List.of(box(OBJECT_BOX, 0.9)), IouType.BBOX);
        String[] lines = result.summary().split("\n");
        assertEquals(12, lines.length);
        assertEquals(
                " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 1.000",
                lines[0]);
        assertEquals(
                " Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 1.000",
                lines[2]);
        assertEquals(
                " Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = -1.000",
                lines[4]);
        assertEquals(
                " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 1.000",
                lines[6]);
    }

    @Test
    void detectionOnAnImageOutsideTheGroundTruthIsRejected() {
        CocoPrediction stray = new CocoPrediction(2, 1, OBJECT_BOX, null, 0.9);
        assertThrows(
                IllegalArgumentException.class,
                () -> CocoEvaluator.evaluate(groundTruth(object()), List.of(stray), IouType.BBOX));
    }
}
