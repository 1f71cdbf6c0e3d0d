package dev.annogan.examples.cli;

import dev.annogan.examples.pretrain.PretrainRunner;
import dev.annogan.training.GanConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code annogan pretrain}: a DCGAN on every image of a folder, labelled or not, whose
 * discriminator's encoder becomes a backbone for {@code train tagger|segmenter --backbone}.
 */
final class PretrainCommand implements Command {

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public String summary() {
        return "learn a backbone from unlabelled images (a DCGAN's discriminator) for --backbone";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        PretrainRunner.Settings defaults = PretrainRunner.Settings.defaults();
        List<Option> options = new ArrayList<>();
        options.add(
                Option.required(
                        "images",
                        "DIR",
                        "folder of images to learn from (subfolders too; labels are not read)"));
        options.addAll(
                OptionGroups.runFolder(
                        "backbone/, checkpoints, metrics.csv, loss.png, samples/", 0));
        options.addAll(OptionGroups.ganOptimisation("bce", 64, 2e-4, 0));
        options.addAll(
                List.of(
                        OptionGroups.epochs(20, "epochs in all (a resumed run continues to N)"),
                        Option.optional(
                                "size",
                                "PX",
                                "side images are resized to; train the annotators at the same",
                                defaults.size()),
                        Option.optional(
                                "width",
                                "C",
                                "channels of D's first convolution (the backbone's --width)",
                                defaults.width()),
                        Option.optional(
                                "depth",
                                "D",
                                "stride-2 convolutions of D's encoder (the backbone's --depth)",
                                defaults.depth()),
                        Option.optional(
                                "g-width", "C", "G's base width", defaults.generatorWidth()),
                        Option.optional(
                                "max-steps", "N", "stop after N steps in all (0 = no limit)", 0),
                        OptionGroups.seed(1, "random seed")));
        return options;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        PretrainRunner.Settings defaults = PretrainRunner.Settings.defaults();
        PretrainRunner.Settings settings =
                new PretrainRunner.Settings(
                        args.integer("size", 8, 1024),
                        args.integer("width", 1, 1024),
                        args.integer("depth", 1, 8),
                        args.integer("g-width", 1, 1024),
                        defaults.noiseDim());
        int checkpointEvery = OptionGroups.checkpointEvery(args);
        GanConfig config =
                OptionGroups.ganConfig(
                        args, b -> b.optBetas(0.5f, 0.999f).optCheckpoints(checkpointEvery, 2));
        PretrainRunner.Options options =
                new PretrainRunner.Options(
                        args.path("images"),
                        args.path("out"),
                        settings,
                        args.integer("epochs", 1, 1_000_000),
                        args.flag("resume"),
                        config,
                        args.integer("max-steps", 0, Integer.MAX_VALUE));
        return OptionGroups.train(() -> PretrainRunner.train(options, out), out);
    }
}
