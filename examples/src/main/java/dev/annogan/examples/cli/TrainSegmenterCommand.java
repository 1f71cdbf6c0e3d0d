package dev.annogan.examples.cli;

import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.backbone.ImageBackbone;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.examples.annotator.SelfTraining;
import dev.annogan.examples.segmentation.SegmenterRunner;
import dev.annogan.examples.segmentation.SegmenterRunner.DiscriminatorKind;
import dev.annogan.examples.segmentation.SegmenterRunner.GeneratorKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code annogan train segmenter}: adversarial semi-supervised semantic segmentation after Hung et
 * al. (2018), or its supervised baseline with {@code --baseline}.
 */
final class TrainSegmenterCommand implements Command {

    @Override
    public String name() {
        return "train segmenter";
    }

    @Override
    public String summary() {
        return "train a semantic segmenter adversarially on few labels (or the --baseline)";
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public List<Option> options() {
        SegmenterRunner.Settings defaults = SegmenterRunner.Settings.defaults();
        return AnnotatorOptions.with(
                List.of(
                        Option.optional(
                                "generator",
                                "KIND",
                                "G: unet (3x3 convolution pairs) or pix2pix (strided, about a"
                                        + " third of the cost per step)",
                                defaults.generator().name().toLowerCase(Locale.ROOT)),
                        Option.optional(
                                "discriminator",
                                "KIND",
                                "D: confidence (Hung et al.'s per-pixel map) or patch (PatchGAN)",
                                "confidence"),
                        Option.optional(
                                "adv-weight",
                                "W",
                                "λ_adv, weight of G's adversarial loss",
                                defaults.adversarialWeight()),
                        Option.optional(
                                "semi-weight",
                                "W",
                                "λ_semi, weight of the self-taught loss on unlabelled images (0 = off)",
                                defaults.semiWeight()),
                        Option.optional(
                                "semi-threshold",
                                "T",
                                "confidence above which an unlabelled pixel becomes a pseudo-label",
                                defaults.threshold()),
                        Option.optional(
                                "semi-start",
                                "STEPS",
                                "G updates before the self-taught loss starts; auto = a quarter of"
                                        + " the run",
                                "auto"),
                        Option.optional(
                                "width", "C", "channels of G's first level", defaults.width()),
                        Option.optional(
                                "depth",
                                "D",
                                "levels of G that halve the image (--size must divide by 2^D)",
                                defaults.depth())),
                SelfTrainingOptions.options("segmenter"));
    }

    @Override
    public int run(Args args, PrintStream out) throws Exception {
        RunOptions options = AnnotatorOptions.parse(args);
        GeneratorKind generator =
                GeneratorKind.valueOf(
                        args.choice("generator", "unet", "pix2pix").toUpperCase(Locale.ROOT));
        DiscriminatorKind kind =
                DiscriminatorKind.valueOf(
                        args.choice("discriminator", "confidence", "patch")
                                .toUpperCase(Locale.ROOT));
        Long semiStart =
                "auto".equals(args.get("semi-start")) ? null : args.longValue("semi-start");
        if (semiStart != null && semiStart < 0) {
            throw new UserError("--semi-start must be 0 or more, got " + semiStart);
        }
        int width = args.integer("width", 1, 1024);
        int depth = args.integer("depth", 1, 8);
        SelfTrainingOptions selfTraining = SelfTrainingOptions.parse(args, options);
        if (options.backbone().enabled()) {
            ImageBackbone.Architecture backbone = AnnotatorOptions.architecture(options);
            if (generator != GeneratorKind.PIX2PIX || !backbone.batchNorm()) {
                throw new UserError(
                        "--backbone needs --generator pix2pix (whose encoder is the backbone's"
                                + " strided convolutions) and a batch-normalised backbone");
            }
            width = backbone.width();
            depth = backbone.depth();
        }
        if (options.size() % (1 << depth) != 0) {
            throw new UserError(
                    "--size " + options.size() + " does not divide by 2^depth = " + (1 << depth));
        }
        SegmenterRunner.Settings settings =
                new SegmenterRunner.Settings(
                        (float) args.decimal("adv-weight", 0, 1000),
                        (float) args.decimal("semi-weight", 0, 1000),
                        (float) args.decimal("semi-threshold", 0, 0.999),
                        semiStart,
                        generator,
                        kind,
                        width,
                        depth,
                        selfTraining.teacher());
        if (selfTraining.selfTrain()) {
            return OptionGroups.train(
                    () ->
                            SelfTraining.train(
                                    options,
                                    AnnotatorSpec.Kind.SEGMENTER,
                                    selfTraining.teacherEpochs(),
                                    out,
                                    (run, teacher) ->
                                            SegmenterRunner.train(
                                                    run, settings.withTeacher(teacher), out)),
                    out);
        }
        return OptionGroups.train(() -> SegmenterRunner.train(options, settings, out), out);
    }
}
