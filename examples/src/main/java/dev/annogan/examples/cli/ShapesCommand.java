package dev.annogan.examples.cli;

import ai.djl.training.util.ProgressBar;
import dev.annogan.datasets.shapes.GeneratedShapes;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code annogan shapes}: writes the synthetic shapes dataset in COCO format. */
final class ShapesCommand implements Command {

    @Override
    public String name() {
        return "shapes";
    }

    @Override
    public String summary() {
        return "write the synthetic shapes dataset (images + COCO annotations) to a folder";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("out", "DIR", "output folder"),
                Option.optional("images", "N", "number of images", 500),
                Option.optional("size", "S", "image width and height in pixels", 128),
                Option.optional(
                        "seed", "K", "random seed; the same seed writes the same files", 42));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        GeneratedShapes shapes = generate(args.path("out"), args, out);
        out.println("wrote " + shapes.annotationsFile());
        return 0;
    }

    /** Generates the dataset into {@code folder} with the options' count, size and seed. */
    static GeneratedShapes generate(Path folder, Args args, PrintStream out) throws Exception {
        int images = args.integer("images", 1, 1_000_000);
        int size = args.integer("size", 16, 4096);
        long seed = args.longValue("seed");
        long start = System.nanoTime();
        GeneratedShapes shapes =
                ShapesDatasetGenerator.builder()
                        .setOutputFolder(folder)
                        .setImageCount(images)
                        .optImageSize(size, size)
                        .optSeed(seed)
                        .build()
                        .generate(images >= 1000 ? new ProgressBar() : null);
        out.printf(
                "generated %d images (%dx%d, seed %d) with %d annotations in %.1f s%n",
                shapes.images().size(),
                size,
                size,
                seed,
                shapes.annotations().size(),
                (System.nanoTime() - start) / 1e9);
        return shapes;
    }
}
