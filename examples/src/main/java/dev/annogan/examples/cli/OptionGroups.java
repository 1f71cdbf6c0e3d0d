package dev.annogan.examples.cli;

import dev.annogan.examples.annotate.FolderAnnotator;
import dev.annogan.examples.annotate.ImageAnnotator;
import dev.annogan.training.DivergenceException;
import dev.annogan.training.GanConfig;
import dev.annogan.training.run.RunSetupException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The option groups several commands share, declared and read in one place: the run folder, the
 * schedule and the optimiser of a GAN, the seed; and the one way a training command reports how its
 * training ended.
 */
final class OptionGroups {

    private OptionGroups() {}

    /**
     * Returns {@code --out DIR}, {@code --resume} and {@code --checkpoint-every STEPS}.
     *
     * @param writes what the run folder receives, for the help
     * @param checkpointEvery the command's default checkpoint cadence in steps (0: epochs only)
     */
    static List<Option> runFolder(String writes, int checkpointEvery) {
        return List.of(
                Option.required("out", "DIR", "run folder: " + writes),
                Option.flag("resume", "continue the run in --out from its latest checkpoint"),
                Option.optional(
                        "checkpoint-every",
                        "STEPS",
                        "also save a checkpoint every STEPS steps, not only at each epoch's end and"
                                + " on Ctrl-C (0: not)",
                        checkpointEvery));
    }

    /** Reads {@code --checkpoint-every}. */
    static int checkpointEvery(Args args) throws UserError {
        return args.integer("checkpoint-every", 0, Integer.MAX_VALUE);
    }

    /** Returns {@code --epochs N}, counted over a resume. */
    static Option epochs(int epochs, String help) {
        return Option.optional("epochs", "N", help, epochs);
    }

    /** Returns {@code --seed K}. */
    static Option seed(long seed, String help) {
        return Option.optional("seed", "K", help, seed);
    }

    /**
     * Returns the options of a GAN's optimisation: {@code --loss}, {@code --batch}, {@code --lr}
     * (both networks) and {@code --ema} (G's moving average).
     */
    static List<Option> ganOptimisation(String loss, int batch, double lr, double ema) {
        return List.of(
                Option.optional("loss", "NAME", "adversarial loss: bce, hinge, lsgan, wgan", loss),
                Option.optional("batch", "B", "batch size", batch),
                Option.optional("lr", "RATE", "Adam learning rate of both networks", lr),
                Option.optional(
                        "ema", "DECAY", "EMA of G's weights for evaluation (0 = off)", ema));
    }

    /**
     * Reads {@link #ganOptimisation} and {@link #seed} into a config, with the command's own
     * settings added by {@code more}.
     *
     * @throws UserError naming the option out of range or the setting the config refuses
     */
    static GanConfig ganConfig(Args args, UnaryOperator<GanConfig.Builder> more) throws UserError {
        float lr = (float) args.decimal("lr", 1e-7, 1);
        try {
            return more.apply(
                            GanConfig.builder()
                                    .optLoss(args.get("loss"))
                                    .optBatchSize(args.integer("batch", 1, 65536))
                                    .optLearningRates(lr, lr)
                                    .optEmaDecay((float) args.decimal("ema", 0, 0.99999))
                                    .optSeed(args.longValue("seed")))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * Returns the options that turn predictions into pre-annotations: {@code --threshold}, {@code
     * --min-area} and {@code --simplify}.
     */
    static List<Option> preAnnotation() {
        return List.of(
                Option.optional(
                        "threshold",
                        "T",
                        "score a tag or object needs to be offered for review (default: the"
                                + " model's, 0.5)",
                        ""),
                Option.optional(
                        "min-area",
                        "PIXELS",
                        "smallest object a segmenter offers for review, in pixels of the image"
                                + " (default: 0.1% of the image, at least 8)",
                        ""),
                Option.optional(
                        "simplify",
                        "PIXELS",
                        "polygon simplification tolerance; 0 keeps every corner",
                        FolderAnnotator.DEFAULT_SIMPLIFY));
    }

    /** Reads {@link #preAnnotation()}. */
    static ImageAnnotator.Settings preAnnotationSettings(Args args) throws UserError {
        Float threshold =
                args.get("threshold") == null ? null : (float) args.decimal("threshold", 0, 1);
        Integer minArea =
                args.get("min-area") == null
                        ? null
                        : args.integer("min-area", 1, Integer.MAX_VALUE);
        return new ImageAnnotator.Settings(threshold, minArea, args.decimal("simplify", 0, 1000));
    }

    /** A training to run. */
    @FunctionalInterface
    interface Training {
        /** Runs it. */
        void run() throws Exception;
    }

    /**
     * Runs a training, turning a run that cannot start as asked into a {@link UserError}.
     *
     * @return 0, or 1 when training diverged beyond recovery
     */
    static int train(Training training, PrintStream out) throws Exception {
        try {
            training.run();
        } catch (RunSetupException e) {
            throw new UserError(e.getMessage());
        } catch (DivergenceException e) {
            out.println();
            out.println("training diverged: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
