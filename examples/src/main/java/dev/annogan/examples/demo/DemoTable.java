package dev.annogan.examples.demo;

import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoResults;
import dev.annogan.datasets.coco.eval.CocoEvaluator;
import dev.annogan.datasets.coco.eval.IouType;
import dev.annogan.examples.annotate.AnnotationEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's closing table: each metric of the pre-annotated new images against their ground truth,
 * the supervised baseline beside the adversarial run, as {@code annogan evaluate} computes them.
 * Higher is better for every metric.
 *
 * @param rows the rows, segmenter first
 */
public record DemoTable(List<Row> rows) {

    /** The score a tag needs to count for F1, as {@code annogan evaluate} uses by default. */
    static final double TAG_THRESHOLD = 0.5;

    /**
     * One metric of one application.
     *
     * @param application "segmenter" or "tagger"
     * @param metric the metric's name
     * @param baseline the supervised baseline's value
     * @param adversarial the adversarial run's value
     */
    public record Row(String application, String metric, double baseline, double adversarial) {}

    /**
     * Returns a segmenter's metrics on the results of {@code annogan annotate}: mIoU and pixel
     * accuracy over the ground truth painted as training paints it, and COCO's mask AP (IoU
     * 0.50:0.95) and AP50.
     */
    static Map<String, Double> segmenterMetrics(CocoIndex groundTruth, Path results)
            throws IOException {
        List<CocoPrediction> detections = CocoResults.read(results, groundTruth);
        ConfusionMatrix pixels = AnnotationEvaluation.semantic(groundTruth, detections);
        double[] stats = CocoEvaluator.evaluate(groundTruth, detections, IouType.SEGM).stats();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mIoU", pixels.meanIoU());
        metrics.put("pixel accuracy", pixels.pixelAccuracy());
        metrics.put("mask AP (COCO, IoU .50:.95)", stats[0]);
        metrics.put("mask AP50 (COCO)", stats[1]);
        return metrics;
    }

    /** Returns a tagger's metrics on the results of {@code annogan annotate}: mAP and F1. */
    static Map<String, Double> taggerMetrics(CocoIndex groundTruth, Path results)
            throws IOException {
        AnnotationEvaluation.TagMetrics tags =
                AnnotationEvaluation.tags(
                        groundTruth, CocoResults.read(results, groundTruth), TAG_THRESHOLD);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mAP", tags.meanAveragePrecision());
        metrics.put("F1 micro (tags above 0.5)", tags.microF1());
        metrics.put("F1 macro (tags above 0.5)", tags.macroF1());
        return metrics;
    }

    /** Returns the rows of one application, one per metric, in the metrics' order. */
    static List<Row> rows(
            String application, Map<String, Double> baseline, Map<String, Double> adversarial) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Double> e : baseline.entrySet()) {
            rows.add(new Row(application, e.getKey(), e.getValue(), adversarial.get(e.getKey())));
        }
        return rows;
    }

    /** Prints the table with a difference column (adversarial minus baseline). */
    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "  %-10s %-28s %9s %12s %11s%n",
                "",
                "metric",
                "baseline",
                "adversarial",
                "difference");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "  %-10s %-28s %9.4f %12.4f %+11.4f%n",
                    row.application(),
                    row.metric(),
                    row.baseline(),
                    row.adversarial(),
                    row.adversarial() - row.baseline());
        }
    }
}
