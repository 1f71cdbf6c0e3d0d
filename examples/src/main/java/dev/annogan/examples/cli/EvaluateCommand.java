package dev.annogan.examples.cli;

import dev.annogan.datasets.coco.CocoDetection;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoResults;
import dev.annogan.datasets.coco.eval.CocoEvaluator;
import dev.annogan.datasets.coco.eval.EvalResult;
import dev.annogan.datasets.coco.eval.IouType;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code annogan evaluate}: the 12 COCOeval summary numbers of a results file against ground truth,
 * as pycocotools computes them.
 */
final class EvaluateCommand implements Command {

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "evaluate COCO results against ground truth (the 12 COCOeval stats)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("gt", "FILE", "ground-truth COCO instances file"),
                Option.required("results", "FILE", "COCO results file"),
                Option.optional("iou-type", "bbox|segm", "compare boxes or masks", "bbox"),
                Option.flag("json", "print exactly one JSON object: {\"iouType\", \"stats\"}"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        String type = args.choice("iou-type", "bbox", "segm");
        CocoIndex gt = CocoIndex.read(args.path("gt"));
        List<CocoDetection> detections = CocoResults.read(args.path("results"), gt);
        EvalResult result;
        try {
            result =
                    CocoEvaluator.evaluate(
                            gt, detections, IouType.valueOf(type.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UserError(args.path("results").getFileName() + ": " + e.getMessage());
        }
        if (args.flag("json")) {
            StringBuilder json = new StringBuilder("{\"iouType\": \"" + type + "\", \"stats\": [");
            double[] stats = result.stats();
            for (int i = 0; i < stats.length; i++) {
                json.append(i == 0 ? "" : ", ").append(stats[i]);
            }
            out.println(json.append("]}"));
        } else {
            out.println(result.summary());
        }
        return 0;
    }
}
