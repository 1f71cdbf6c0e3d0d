package dev.annogan.examples.cli;

import dev.annogan.examples.ssl.SslArchitecture;
import dev.annogan.examples.ssl.SslRunner;
import dev.annogan.training.DivergenceException;
import dev.annogan.training.GanConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code annogan train ssl}: semi-supervised classification with a K+1 GAN on Fashion-MNIST, or its
 * supervised-only baseline, ending with the test accuracy.
 */
final class TrainSslCommand implements Command {

    private static final String KIND = "fashion-mnist";

    @Override
    public String name() {
        return "train ssl";
    }

    @Override
    public String summary() {
        return "train a K+1 GAN classifier (or its supervised baseline) on a few labels per class";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required(
                        "data",
                        "KIND DIR",
                        "fashion-mnist DIR: the folder of the four gzipped Fashion-MNIST IDX"
                                + " files (fashion-mnist:DIR also works)"),
                Option.required(
                        "out",
                        "DIR",
                        "run folder: checkpoints, metrics.csv, loss.png, samples/, result.json"),
                Option.optional(
                        "labels-per-class", "N", "training images per class that keep labels", 10),
                Option.flag(
                        "baseline",
                        "train the same classifier on the labelled images alone (no G, no"
                                + " unlabelled images)"),
                Option.optional("epochs", "N", "epochs (passes over the unlabelled images)", 8),
                Option.optional(
                        "batch", "B", "labelled and unlabelled images per step (B of each)", 100),
                Option.optional("seed", "K", "seed of splits, weights, noise, batch order", 1),
                Option.flag("resume", "continue the run in --out from its latest checkpoint"),
                Option.optional(
                        "validation-per-class",
                        "N",
                        "training images per class held out for validation (model selection)",
                        100),
                Option.optional(
                        "network",
                        "dense|conv",
                        "dense: Salimans et al.'s fully connected D and G (fast on a CPU); conv:"
                                + " strided-convolution D and DCGAN G",
                        "dense"),
                Option.optional(
                        "hidden",
                        "W,W,...",
                        "dense D's hidden widths (Salimans et al.'s MNIST D is"
                                + " 1000,500,250,250,250)",
                        "500,250,250"),
                Option.optional(
                        "generator-hidden", "W,W,...", "dense G's hidden widths", "500,500"),
                Option.optional("width", "W", "conv D's width: channels W, 2W, 4W", 32),
                Option.optional("generator-width", "W", "conv G's width: 4W channels at 7x7", 16),
                Option.optional("lr", "RATE", "Adam learning rate of both networks", 3e-3),
                Option.optional(
                        "decay-from",
                        "F",
                        "keep the learning rates for this fraction of the steps, then lower them"
                                + " linearly to 0 at the last step (1 = constant)",
                        0.5),
                Option.optional("beta1", "B1", "Adam's beta1", 0.5),
                Option.optional(
                        "unsupervised-weight",
                        "W",
                        "weight of D's unsupervised (real/fake) term against its cross-entropy",
                        0.5),
                Option.optional(
                        "input-noise",
                        "SD",
                        "Gaussian noise D adds to the image in training (pixels are in [-1, 1])",
                        0.6),
                Option.optional(
                        "noise", "SD", "Gaussian noise D adds to its later layers' inputs", 0.5),
                Option.optional("dropout", "P", "conv D's dropout on hidden layers", 0.3),
                Option.optional("train-limit", "N", "use at most N unlabelled images (0 = all)", 0),
                Option.optional("max-steps", "N", "stop after N steps in all (0 = no limit)", 0),
                Option.flag(
                        "test",
                        "at the end, measure the kept weights on the 10,000 test images (only for"
                                + " final runs: choose settings on the validation set)"));
    }

    /** Returns the data folder of {@code --data fashion-mnist DIR} or {@code fashion-mnist:DIR}. */
    static Path dataFolder(List<String> words) throws UserError {
        String kind;
        String dir;
        if (words.size() == 2) {
            kind = words.get(0);
            dir = words.get(1);
        } else if (words.size() == 1 && words.get(0).contains(":")) {
            kind = words.get(0).substring(0, words.get(0).indexOf(':'));
            dir = words.get(0).substring(kind.length() + 1);
        } else {
            throw new UserError("--data needs a kind and a folder: --data fashion-mnist DIR");
        }
        if (!kind.equals(KIND)) {
            throw new UserError(
                    "--data: unknown kind '" + kind + "'; the only kind is fashion-mnist");
        }
        Path folder = Path.of(dir);
        if (!Files.isDirectory(folder)) {
            throw new UserError("--data: " + folder + " is not a folder");
        }
        return folder;
    }

    /** Returns the comma-separated layer widths of an option, each between 1 and 65536. */
    static int[] widths(Args args, String name) throws UserError {
        String value = args.get(name);
        String[] parts = value == null ? new String[0] : value.split(",", -1);
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                widths[i] = -1;
            }
            if (widths[i] < 1 || widths[i] > 65536) {
                throw new UserError(
                        "--"
                                + name
                                + " must be layer widths between 1 and 65536 separated by commas,"
                                + " got '"
                                + value
                                + "'");
            }
        }
        return widths;
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        GanConfig config;
        try {
            float lr = (float) args.decimal("lr", 1e-7, 1);
            float unsupervised = (float) args.decimal("unsupervised-weight", 0, 100);
            config =
                    GanConfig.builder()
                            .optBatchSize(args.integer("batch", 1, 65536))
                            .optLearningRates(lr, lr)
                            .optBetas((float) args.decimal("beta1", 0, 0.999), 0.999f)
                            .optWeights(1f, unsupervised)
                            .optSeed(args.longValue("seed"))
                            .optCheckpoints(500, 2)
                            // D of a feature-matching GAN may tell every fake apart for long
                            // stretches; that is no collapse, so only non-finite losses count.
                            .optDivergenceGuard(0, 3, 0.5f)
                            .build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SslArchitecture architecture =
                new SslArchitecture(
                        SslArchitecture.Network.valueOf(
                                args.choice("network", "dense", "conv").toUpperCase(Locale.ROOT)),
                        widths(args, "hidden"),
                        widths(args, "generator-hidden"),
                        args.integer("width", 1, 1024),
                        args.integer("generator-width", 1, 1024),
                        (float) args.decimal("input-noise", 0, 10),
                        (float) args.decimal("noise", 0, 10),
                        (float) args.decimal("dropout", 0, 0.95));
        SslRunner.Options options =
                new SslRunner.Options(
                        dataFolder(args.words("data")),
                        args.path("out"),
                        args.integer("labels-per-class", 1, 6000),
                        args.integer("validation-per-class", 1, 5000),
                        args.flag("baseline"),
                        args.integer("epochs", 1, 1_000_000),
                        args.flag("resume"),
                        config,
                        args.decimal("decay-from", 0, 1),
                        architecture,
                        args.integer("train-limit", 0, Integer.MAX_VALUE),
                        args.integer("max-steps", 0, Integer.MAX_VALUE),
                        args.flag("test"));
        try {
            SslRunner.train(options, out);
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
