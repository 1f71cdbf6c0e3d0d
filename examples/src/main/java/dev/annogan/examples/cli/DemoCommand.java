package dev.annogan.examples.cli;

import dev.annogan.datasets.shapes.ShapesDatasetGenerator;
import dev.annogan.examples.demo.Demo;
import dev.annogan.examples.demo.DemoSettings;
import dev.annogan.examples.demo.TrainingFailedException;
import dev.annogan.training.run.RunSetupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code annogan demo}: the quick-start job on the embedded synthetic shapes dataset. It trains a
 * segmenter and a tagger on 1/8 of the labels, adversarially and as supervised baselines,
 * pre-annotates new images with them, evaluates the result and writes an HTML report (see {@link
 * Demo}). Every option but {@code --out} is there to try other settings or to run it small in
 * tests; the defaults fit in a few minutes on two cores.
 */
final class DemoCommand implements Command {

    /** The engine property that sets PyTorch's intra-op threads, read once when it loads. */
    static final String PYTORCH_THREADS = "ai.djl.pytorch.num_threads";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "train a segmenter and a tagger on 1/8 of the labels, pre-annotate new images, and"
                + " compare with the baselines (a few minutes, no download)";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        DemoSettings d = DemoSettings.defaults(Path.of("runs/demo"));
        DemoSettings.Scene scene = d.scene();
        List<Option> options = new ArrayList<>();
        options.add(
                Option.optional(
                        "out", "DIR", "output folder; an earlier demo's is replaced", d.out()));
        options.add(Option.optional("images", "N", "advanced: training images", d.trainImages()));
        options.add(
                Option.optional(
                        "new-images",
                        "N",
                        "advanced: new images to pre-annotate and evaluate",
                        d.newImages()));
        options.add(
                Option.optional(
                        "size", "S", "advanced: image side in pixels, a multiple of 8", d.size()));
        options.add(Option.optional("seed", "K", "advanced: random seed", d.seed()));
        options.add(
                Option.optional(
                        "epochs",
                        "SEGMENTER TAGGER",
                        "advanced: epochs of the segmenter's and the tagger's runs",
                        d.segmenterEpochs() + " " + d.taggerEpochs()));
        options.add(
                Option.optional(
                        "labeled-fraction",
                        "F",
                        "advanced: fraction of training images that keep their labels",
                        d.labelledFraction()));
        options.add(
                Option.optional(
                        "workers", "N", "advanced: trainings that run at once", d.workers()));
        options.addAll(
                ShapesCommand.sceneOptions(
                        scene.minShapes() + " " + scene.maxShapes(),
                        scene.minSize() + " " + scene.maxSize(),
                        scene.crowdFraction()));
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        DemoSettings d = DemoSettings.defaults(args.path("out"));
        int size = args.integer("size", 32, 1024);
        if (size % 8 != 0) {
            throw new UserError(
                    "--size must be a multiple of 8 (the networks halve it three times), got "
                            + size);
        }
        List<String> epochs = args.words("epochs");
        if (epochs.size() != 2) {
            throw new UserError("--epochs takes two numbers: the segmenter's and the tagger's");
        }
        DemoSettings.Scene scene = ShapesCommand.scene(args);
        try {
            scene.applyTo(ShapesDatasetGenerator.builder())
                    .setOutputFolder(d.out())
                    .setImageCount(1)
                    .optImageSize(size, size)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        DemoSettings settings =
                new DemoSettings(
                        d.out(),
                        args.integer("images", 16, 1_000_000),
                        args.integer("new-images", 1, 1_000_000),
                        size,
                        args.longValue("seed"),
                        scene,
                        args.decimal("labeled-fraction", 0.001, 1),
                        d.heldOut(),
                        epochs(epochs.get(0)),
                        epochs(epochs.get(1)),
                        d.segmenterWidth(),
                        d.taggerWidth(),
                        d.learningRate(),
                        args.integer("workers", 1, 16));
        // One engine thread here too, as in each training's own process (see ParallelTrainings),
        // unless the user chose otherwise; the engine reads it once, when it loads.
        if (System.getProperty(PYTORCH_THREADS) == null) {
            System.setProperty(PYTORCH_THREADS, "1");
        }
        try {
            Demo.run(settings, out);
        } catch (RunSetupException e) {
            throw new UserError(e.getMessage());
        } catch (TrainingFailedException e) {
            switch (e.exitCode()) {
                case 2 -> throw new UserError(e.getMessage());
                case 1 -> {
                    out.println();
                    out.println(e.getMessage());
                    return 1;
                }
                default -> throw e;
            }
        }
        return 0;
    }

    private static int epochs(String word) throws UserError {
        try {
            int n = Integer.parseInt(word);
            if (n < 1 || n > 10_000) {
                throw new UserError("--epochs must be between 1 and 10000, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UserError("--epochs: '" + word + "' is not a whole number");
        }
    }
}
