package dev.annogan.examples.cli;

import dev.annogan.examples.cgan.CganRunner;
import dev.annogan.training.DivergenceException;
import dev.annogan.training.GanConfig;
import dev.annogan.training.objective.ConditionalGanObjective;
import java.io.PrintStream;
import java.nio.file.Path;
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
    public List<Option> options() {
        return List.of(
                Option.required(
                        "data",
                        "KIND DIR",
                        "fashion-mnist DIR: the folder of the four gzipped Fashion-MNIST IDX files"),
                Option.required(
                        "out", "DIR", "run folder: checkpoints, metrics.csv, loss.png, samples/"),
                Option.optional(
                        "classifier",
                        "DIR",
                        "feature classifier of the Fréchet distance; trained there on first use",
                        "runs/fashion-classifier"),
                Option.optional(
                        "mode", "MODE", "how D sees the class: projection or acgan", "projection"),
                Option.optional(
                        "loss", "NAME", "adversarial loss: hinge, bce, lsgan, wgan", "hinge"),
                Option.optional("epochs", "N", "epochs in all (a resumed run continues to N)", 5),
                Option.optional("batch", "B", "batch size", 64),
                Option.optional("lr", "RATE", "Adam learning rate of both networks", 2e-4),
                Option.optional(
                        "ema", "DECAY", "EMA of G's weights for evaluation (0 = off)", 0.999),
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
                Option.optional("max-steps", "N", "stop after N steps in all (0 = no limit)", 0),
                Option.optional("seed", "K", "random seed", 1),
                Option.flag("resume", "continue the run in --out from its latest checkpoint"));
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
        GanConfig config;
        try {
            float lr = (float) args.decimal("lr", 1e-7, 1);
            config =
                    GanConfig.builder()
                            .optLoss(args.get("loss"))
                            .optBatchSize(args.integer("batch", 1, 65536))
                            .optLearningRates(lr, lr)
                            .optBetas(0.5f, 0.999f)
                            .optEmaDecay((float) args.decimal("ema", 0, 0.99999))
                            .optSeed(args.longValue("seed"))
                            .optCheckpoints(500, 2)
                            .build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
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
        try {
            CganRunner.train(options, out);
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        } catch (DivergenceException e) {
            out.println();
            out.println("training diverged: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
