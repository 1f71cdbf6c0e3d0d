package dev.annogan.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.datasets.coco.CocoIndex;
import dev.annogan.datasets.coco.CocoProblem;
import dev.annogan.datasets.coco.ImageFolderCheck;
import dev.annogan.datasets.shapes.GeneratedShapes;
import dev.annogan.examples.viz.AnnotationPreview;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code annogan demo}: the quick-start job on the embedded default, the synthetic shapes dataset.
 * It generates the dataset, validates it, streams it through the DJL engine as a semi-supervised
 * segmentation dataset, and draws a preview of the ground truth.
 */
final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run the quick-start job on the synthetic shapes dataset (no download)";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        options.add(Option.optional("out", "DIR", "output folder", "runs/demo"));
        options.add(Option.optional("images", "N", "number of images", 500));
        options.add(Option.optional("size", "S", "image width and height in pixels", 128));
        options.add(Option.optional("seed", "K", "random seed", 42));
        options.addAll(ShapesCommand.sceneOptions());
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        Path folder = args.path("out");
        out.println("[1/4] Generating the shapes dataset in " + folder.resolve("shapes"));
        GeneratedShapes shapes = ShapesCommand.generate(folder.resolve("shapes"), args, out);

        out.println("[2/4] Checking the COCO file and its images");
        CocoIndex index = CocoIndex.reader().optSkipInvalid(true).read(shapes.annotationsFile());
        List<CocoProblem> problems = ImageFolderCheck.check(index, shapes.imageFolder(), null);
        problems.addAll(0, index.problems());
        for (CocoProblem problem : problems) {
            out.println("  " + problem);
        }
        out.printf(
                "  %d images, %d annotations, %d categories: %s%n",
                index.images().size(),
                index.annotations().size(),
                index.categories().size(),
                problems.isEmpty() ? "no problems" : problems.size() + " problems");

        out.println(
                "[3/4] Streaming it through DJL ("
                        + Engine.getInstance().getEngineName()
                        + ") as semantic masks, 1/8 labelled");
        CocoDataset dataset =
                CocoDataset.builder()
                        .setIndex(index)
                        .setImageFolder(shapes.imageFolder())
                        .optTarget(CocoDataset.Target.SEMANTIC_MASK)
                        .optImageSize(
                                shapes.images().get(0).width(), shapes.images().get(0).height())
                        .optLabelledFraction(0.125, args.longValue("seed"))
                        .setSampling(32, true)
                        .optPrefetchNumber(4)
                        .build();
        dataset.prepare(null);
        ExecutorService executor =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        long records = 0;
        String shape = "";
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : dataset.getData(manager, executor)) {
                if (records == 0) {
                    shape =
                            batch.getData().head().getShape()
                                    + " images, "
                                    + batch.getLabels().head().getShape()
                                    + " masks";
                }
                records += batch.getSize();
                batch.close();
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(
                "  %d records (%d labelled, %d unlabelled) in %.1f s, %.0f images/s; batches of %s%n",
                records,
                dataset.labelledIndices().size(),
                dataset.unlabelledIndices().size(),
                seconds,
                records / seconds,
                shape);

        Path preview = folder.resolve("preview.png");
        out.println("[4/4] Drawing the ground truth of the first images");
        AnnotationPreview.writeGrid(index, shapes.imageFolder(), 16, preview);
        out.println("  wrote " + preview);
        out.println();
        out.println("Next: point AnnoGAN at your own COCO export:");
        out.println(
                "  java -jar examples/target/annogan.jar coco check --annotations FILE --images DIR");
        return problems.isEmpty() ? 0 : 1;
    }
}
