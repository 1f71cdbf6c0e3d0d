package dev.annogan.examples.cli;

import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoPrediction;
import dev.annogan.datasets.coco.CocoResults;
import dev.annogan.datasets.coco.eval.CocoEvaluator;
import dev.annogan.datasets.coco.eval.EvalResult;
import dev.annogan.datasets.coco.eval.IouType;
import dev.annogan.examples.annotate.AnnotationEvaluation;
import dev.annogan.examples.annotate.AnnotationEvaluation.TagMetrics;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code annogan evaluate}: the 12 COCOeval summary numbers of a results file against ground truth,
 * as pycocotools computes them, plus mIoU and pixel accuracy for mask results ({@code --iou-type
 * segm}). Image-level results (tags, as {@code annogan annotate} writes for a tagger) are scored as
 * tags instead: mAP and F1 against the categories each image's annotations show.
 */
final class EvaluateCommand implements Command {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "evaluate COCO results against ground truth (COCOeval stats; mIoU; tag mAP and F1)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("gt", "FILE", "ground-truth COCO instances file"),
                Option.required("results", "FILE", "COCO results file"),
                Option.optional(
                        "iou-type",
                        "bbox|segm",
                        "compare boxes or masks (image-level tag results are scored as tags)",
                        "bbox"),
                Option.optional(
                        "threshold", "T", "tags: the score a tag needs to count, for F1", 0.5),
                Option.flag(
                        "json",
                        "print exactly one JSON object: {\"iouType\", \"stats\"} (and \"mIoU\","
                                + " \"pixelAccuracy\" for segm; \"mAP\", \"f1Micro\", \"f1Macro\""
                                + " for tags)"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String type = args.choice("iou-type", "bbox", "segm");
        double threshold = args.decimal("threshold", 0, 1);
        CocoIndex gt = CocoIndex.read(args.path("gt"));
        List<CocoPrediction> detections = CocoResults.read(args.path("results"), gt);
        if (!detections.isEmpty() && detections.get(0).isTag()) {
            if (args.given("iou-type")) {
                // Not silently: the user asked for boxes or masks and gets tag metrics.
                System.err.println(
                        "annogan evaluate: "
                                + args.path("results").getFileName()
                                + " holds image-level tags (no box or mask): scored as tags, so"
                                + " --iou-type "
                                + type
                                + " does not apply and there are no COCOeval stats");
            }
            printTags(AnnotationEvaluation.tags(gt, detections, threshold), threshold, args, out);
            return 0;
        }
        EvalResult result;
        ConfusionMatrix pixels = null;
        try {
            result =
                    CocoEvaluator.evaluate(
                            gt, detections, IouType.valueOf(type.toUpperCase(Locale.ROOT)));
            if (type.equals("segm")) {
                pixels = AnnotationEvaluation.semantic(gt, detections);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(args.path("results").getFileName() + ": " + e.getMessage());
        }
        if (args.flag("json")) {
            StringBuilder json = new StringBuilder("{\"iouType\": \"" + type + "\", \"stats\": [");
            double[] stats = result.stats();
            for (int i = 0; i < stats.length; i++) {
                json.append(i == 0 ? "" : ", ").append(stats[i]);
            }
            json.append("]");
            if (pixels != null) {
                json.append(", \"mIoU\": ")
                        .append(pixels.meanIoU())
                        .append(", \"pixelAccuracy\": ")
                        .append(pixels.pixelAccuracy());
            }
            out.println(json.append("}"));
        } else {
            out.println(result.summary());
            if (pixels != null) {
                out.printf(
                        "Semantic segmentation over %d images: mIoU %.4f, pixel accuracy %.4f%n",
                        gt.images().size(), pixels.meanIoU(), pixels.pixelAccuracy());
            }
        }
        return 0;
    }

    private static void printTags(TagMetrics m, double threshold, Args args, PrintStream out) {
        if (args.flag("json")) {
            out.printf(
                    "{\"iouType\": \"tags\", \"images\": %d, \"mAP\": %s, \"f1Micro\": %s,"
                            + " \"f1Macro\": %s, \"threshold\": %s, \"stats\": null}%n",
                    m.images(), m.meanAveragePrecision(), m.microF1(), m.macroF1(), threshold);
        } else {
            out.printf(
                    "Tags over %d images: mAP %.4f, F1 micro %.4f, F1 macro %.4f (above %.2f)%n",
                    m.images(), m.meanAveragePrecision(), m.microF1(), m.macroF1(), threshold);
        }
    }
}
