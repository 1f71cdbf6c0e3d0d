package dev.annogan.examples.cli;

import dev.annogan.examples.cgan.CganRunner;
import dev.annogan.training.GanConfig;
import dev.annogan.training.objective.ConditionalGanObjective;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code annogan train cgan}: a class-conditional GAN on Fashion-MNIST, for labelled augmentation
 * data ({@code train ssl --synthetic}), measured by the Fréchet distance in a fixed classifier's
 * features.
 */
final class TrainCganCommand implements Command {

    @Override
    public String name() {
        return "train cgan";
    }

    @Override
    public String summary() {
        return "train a class-conditional image GAN (projection or ACGAN) on Fashion-MNIST";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        options.add(
                Option.required(
                        "data",
                        "KIND DIR",
                        "fashion-mnist DIR: the folder of the four gzipped Fashion-MNIST IDX files"));
        options.addAll(
                OptionGroups.runFolder(
                        "checkpoints, metrics.csv, loss.png, samples/, model/", 500));
        options.addAll(OptionGroups.ganOptimisation("hinge", 64, 2e-4, 0.999));
        options.addAll(
                List.of(
                        Option.optional(
                                "classifier",
                                "DIR",
                                "feature classifier of the Fréchet distance; trained there on first use",
                                "runs/fashion-classifier"),
                        Option.optional(
                                "mode",
                                "MODE",
                                "how D sees the class: projection or acgan",
                                "projection"),
                        OptionGroups.epochs(5, "epochs in all (a resumed run continues to N)"),
                        Option.optional(
                                "validation-per-class",
                                "N",
                                "training images per class held out to measure the generator",
                                100),
                        Option.optional(
                                "labels-per-class",
                                "N",
                                "train only on the N images per class that keep their labels in 'train ssl"
                                        + " --labels-per-class N' with the same --seed and"
                                        + " --validation-per-class (0 = every training image)",
                                0),
                        Option.optional(
                                "max-steps", "N", "stop after N steps in all (0 = no limit)", 0),
                        OptionGroups.seed(1, "random seed")));
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        ConditionalGanObjective.Mode mode;
        try {
            mode = ConditionalGanObjective.Mode.valueOf(args.get("mode").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError(
                    "--mode: unknown mode '" + args.get("mode") + "'; use projection or acgan");
        }
        int checkpointEvery = OptionGroups.checkpointEvery(args);
        GanConfig config =
                OptionGroups.ganConfig(
                        args, b -> b.optBetas(0.5f, 0.999f).optCheckpoints(checkpointEvery, 2));
        CganRunner.Options options =
                new CganRunner.Options(
                        TrainSslCommand.dataFolder(args.words("data")),
                        args.path("out"),
                        Path.of(args.get("classifier")),
                        mode,
                        args.integer("epochs", 1, 1_000_000),
                        args.flag("resume"),
                        config,
                        args.integer("validation-per-class", 1, 5000),
                        args.integer("max-steps", 0, Integer.MAX_VALUE),
                        args.integer("labels-per-class", 0, 6000));
        return OptionGroups.train(() -> CganRunner.train(options, out), out);
    }
}
