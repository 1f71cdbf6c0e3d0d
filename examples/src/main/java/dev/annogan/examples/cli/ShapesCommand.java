package dev.annogan.examples.cli;

import dev.annogan.datasets.shapes.GeneratedShapes;
import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.examples.demo.DemoSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<Option> options = new ArrayList<>();
        options.add(Option.required("out", "DIR", "output folder"));
        options.add(Option.optional("images", "N", "number of images", 500));
        options.add(Option.optional("size", "S", "image width and height in pixels", 128));
        options.add(
                Option.optional(
                        "seed", "K", "random seed; the same seed writes the same files", 42));
        options.addAll(sceneOptions());
        return options;
    }

    /** Returns the options that shape the scenes, with the generator's defaults. */
    static List<Option> sceneOptions() {
        return sceneOptions("2 6", "0.06 0.22", 0.1);
    }

    /**
     * Returns the options that shape the scenes with the given defaults ({@code demo} has its own).
     */
    static List<Option> sceneOptions(String shapesPerImage, String shapeSize, double crowd) {
        return List.of(
                Option.optional(
                        "shapes-per-image",
                        "MIN MAX",
                        "how many single shapes an image gets, drawn uniformly",
                        shapesPerImage),
                Option.optional(
                        "shape-size",
                        "MIN MAX",
                        "shape radius range as fractions of the image side",
                        shapeSize),
                Option.optional(
                        "crowd-fraction",
                        "F",
                        "fraction of images with a crowd region (iscrowd) of tiny shapes",
                        crowd));
    }

    /** Reads the scene options; the generator's builder checks their ranges. */
    static DemoSettings.Scene scene(Args args) throws UserError {
        List<String> count = args.words("shapes-per-image");
        List<String> radius = args.words("shape-size");
        if (count.size() != 2 || radius.size() != 2) {
            throw new UserError(
                    "--shapes-per-image and --shape-size each take two numbers, MIN MAX");
        }
        return new DemoSettings.Scene(
                (int) number("shapes-per-image", count.get(0), true),
                (int) number("shapes-per-image", count.get(1), true),
                number("shape-size", radius.get(0), false),
                number("shape-size", radius.get(1), false),
                args.decimal("crowd-fraction", 0, 1));
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
        DemoSettings.Scene scene = scene(args);
        ShapesDatasetGenerator generator;
        try {
            generator =
                    scene.applyTo(
                                    ShapesDatasetGenerator.builder()
                                            .setOutputFolder(folder)
                                            .setImageCount(images)
                                            .optImageSize(size, size)
                                            .optSeed(seed))
                            .build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        long start = System.nanoTime();
        GeneratedShapes shapes =
                generator.generate(images >= 1000 ? TerminalProgress.orNull() : null);
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

    private static double number(String option, String word, boolean whole) throws UserError {
        try {
            return whole ? Integer.parseInt(word) : Double.parseDouble(word);
        } catch (NumberFormatException e) {
            throw new UserError(
                    "--"
                            + option
                            + ": '"
                            + word
                            + "' is not "
                            + (whole ? "a whole number" : "a number"));
        }
    }
}
