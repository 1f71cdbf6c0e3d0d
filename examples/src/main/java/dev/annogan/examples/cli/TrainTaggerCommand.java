package dev.annogan.examples.cli;

import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.backbone.ImageBackbone;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.examples.annotator.SelfTraining;
import dev.annogan.examples.tagging.TaggerRunner;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code annogan train tagger}: adversarial semi-supervised multi-label tagging, or its supervised
 * baseline with {@code --baseline}.
 */
final class TrainTaggerCommand implements Command {

    /** The 3x3 convolutions of each level of {@code --encoder vgg}, as in VGG. */
    private static final int VGG_CONVS_PER_LEVEL = 2;

    @Override
    public String name() {
        return "train tagger";
    }

    @Override
    public String summary() {
        return "train a multi-label tagger adversarially on few labels (or the --baseline)";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        TaggerRunner.Settings defaults = TaggerRunner.Settings.defaults();
        return AnnotatorOptions.with(
                List.of(
                        Option.optional(
                                "adv-weight",
                                "W",
                                "weight of G's adversarial loss (its BCE weighs 1)",
                                defaults.adversarialWeight()),
                        Option.optional(
                                "noise", "N", "length of G's noise input", defaults.noiseDim()),
                        Option.optional(
                                "width",
                                "C",
                                "channels of the first convolution of G's and D's encoders",
                                defaults.width()),
                        Option.optional(
                                "encoder",
                                "KIND",
                                "G's image encoder: pooled (strided convolutions, batch norm"
                                        + " and global average pooling, as in workload W2), flat"
                                        + " (no normalisation, maps flattened) or vgg (two 3x3"
                                        + " convolutions and a max pooling a level, batch norm,"
                                        + " global average pooling: learns shapes from few tags,"
                                        + " at about 6x the time a step); D's is pooled or flat",
                                defaults.convsPerLevel() > 0
                                        ? "vgg"
                                        : defaults.pooled() ? "pooled" : "flat"),
                        Option.optional(
                                "depth",
                                "D",
                                "levels of both encoders, each halving the image (--size must"
                                        + " divide by 2^D)",
                                defaults.depth())),
                SelfTrainingOptions.options("tagger"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        RunOptions options = AnnotatorOptions.parse(args);
        SelfTrainingOptions selfTraining = SelfTrainingOptions.parse(args, options);
        TaggerRunner.Settings defaults = TaggerRunner.Settings.defaults();
        int width = args.integer("width", 1, 1024);
        int depth = args.integer("depth", 1, 8);
        String encoder = args.choice("encoder", "pooled", "flat", "vgg");
        boolean pooled = !encoder.equals("flat");
        int convsPerLevel = encoder.equals("vgg") ? VGG_CONVS_PER_LEVEL : 0;
        if (options.backbone().enabled() && convsPerLevel > 0) {
            throw new UserError(
                    "--backbone holds strided convolutions (made by 'annogan pretrain'): use"
                            + " --encoder pooled, not vgg");
        }
        if (options.backbone().enabled()) {
            ImageBackbone.Architecture backbone = AnnotatorOptions.architecture(options);
            if (backbone.batchNorm() != pooled) {
                throw new UserError(
                        "--backbone "
                                + options.backbone().folder()
                                + (backbone.batchNorm()
                                        ? " is batch-normalised: use --encoder pooled"
                                        : " has no batch norm: use --encoder flat"));
            }
            width = backbone.width();
            depth = backbone.depth();
        }
        TaggerRunner.Settings settings =
                new TaggerRunner.Settings(
                        (float) args.decimal("adv-weight", 0, 1000),
                        args.integer("noise", 0, 4096),
                        width,
                        depth,
                        pooled,
                        convsPerLevel,
                        defaults.projection(),
                        defaults.spectralNorm(),
                        selfTraining.teacher());
        if (options.size() % (1 << settings.depth()) != 0) {
            throw new UserError(
                    "--size "
                            + options.size()
                            + " does not divide by 2^--depth = "
                            + (1 << settings.depth()));
        }
        if (selfTraining.selfTrain()) {
            return OptionGroups.train(
                    () ->
                            SelfTraining.train(
                                    options,
                                    AnnotatorSpec.Kind.TAGGER,
                                    selfTraining.teacherEpochs(),
                                    out,
                                    (run, teacher) ->
                                            TaggerRunner.train(
                                                    run, settings.withTeacher(teacher), out)),
                    out);
        }
        return OptionGroups.train(() -> TaggerRunner.train(options, settings, out), out);
    }
}
