package dev.annogan.examples.segmentation;

import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.segmentation.ConfidenceMapDiscriminator;
import dev.annogan.core.segmentation.PatchDiscriminator;
import dev.annogan.core.segmentation.Pix2PixGenerator;
import dev.annogan.core.segmentation.UNetGenerator;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.examples.annotator.FrozenTeacher;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.training.GanListener;
import dev.annogan.training.objective.SegmentationObjective;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a semantic segmenter ({@link Segmenter}) on a COCO or shapes folder, adversarially with
 * Hung et al.'s semi-supervised objective or as the supervised baseline (the same U-Net on the
 * labelled images alone), and ends with the held-out mIoU, pixel accuracy and per-class IoU. Class
 * 0 is the background; class {@code k + 1} is category {@code k}.
 */
public final class SegmenterRunner {

    private SegmenterRunner() {}

    /** Which network segments. */
    public enum GeneratorKind {
        /** Ronneberger's U-Net of 3x3 convolution pairs ({@link UNetGenerator}). */
        UNET,
        /** pix2pix's strided U-Net ({@link Pix2PixGenerator}). */
        PIX2PIX
    }

    /** Which discriminator judges the class-probability maps. */
    public enum DiscriminatorKind {
        /** Hung et al.'s per-pixel confidence map ({@link ConfidenceMapDiscriminator}). */
        CONFIDENCE,
        /** A PatchGAN on (image, probabilities) ({@link PatchDiscriminator}). */
        PATCH
    }

    /**
     * The segmenter's own knobs.
     *
     * @param adversarialWeight λ_adv, the weight of G's adversarial loss
     * @param semiWeight λ_semi, the weight of the self-taught loss (0 = off)
     * @param threshold T_semi, the confidence a pseudo-label needs
     * @param semiStart the G update the self-taught loss starts at; null for a quarter of the run's
     *     steps, Hung et al.'s proportion (5000 of 20000)
     * @param generator which G
     * @param discriminator which D
     * @param width the channels of G's first level
     * @param depth the levels of G that halve the image
     * @param teacher a segmenter's model folder that answers for the unlabelled images in the
     *     teacher terms, kept fixed; null for G's moving average (the mean teacher)
     */
    public record Settings(
            float adversarialWeight,
            float semiWeight,
            float threshold,
            Long semiStart,
            GeneratorKind generator,
            DiscriminatorKind discriminator,
            int width,
            int depth,
            Path teacher) {

        /**
         * Returns Hung et al.'s weights and threshold, the pix2pix U-Net of width 32 (the reference
         * workload W3's G) and a confidence-map D. The pix2pix U-Net reached a given mIoU in about
         * two thirds of {@link UNetGenerator}'s time on the shapes dataset.
         */
        public static Settings defaults() {
            SegmentationObjective.Settings hung = SegmentationObjective.Settings.defaults();
            return new Settings(
                    SegmentationObjective.HUNG_ADVERSARIAL_WEIGHT,
                    hung.semiWeight(),
                    hung.threshold(),
                    null,
                    GeneratorKind.PIX2PIX,
                    DiscriminatorKind.CONFIDENCE,
                    32,
                    3,
                    null);
        }

        /**
         * Returns these settings with another fixed teacher.
         *
         * @param folder the teacher's model folder or run folder; null for the mean teacher
         */
        public Settings withTeacher(Path folder) {
            return new Settings(
                    adversarialWeight,
                    semiWeight,
                    threshold,
                    semiStart,
                    generator,
                    discriminator,
                    width,
                    depth,
                    folder);
        }

        /** Returns G's architecture for {@code classes} classes. */
        BlockSpec generatorSpec(int classes) {
            return BlockSpec.of(generator.name().toLowerCase(Locale.ROOT))
                    .with("numClasses", classes)
                    .with("width", width)
                    .with("depth", depth);
        }
    }

    /**
     * Runs training and prints the closing table.
     *
     * @return the final validation metrics: mIoU and pixel_accuracy
     * @throws RunSetupException when the data or the run folder do not fit the request
     */
    public static Map<String, Double> train(RunOptions options, Settings settings, PrintStream out)
            throws Exception {
        return train(options, settings, out, List.of());
    }

    /**
     * Runs training with more listeners of the trainer (see {@link AnnotatorRun#train}) and prints
     * the closing table.
     *
     * @return the final validation metrics, as {@link #train(RunOptions, Settings, PrintStream)}
     * @throws RunSetupException when the data or the run folder do not fit the request
     */
    public static Map<String, Double> train(
            RunOptions options, Settings settings, PrintStream out, List<GanListener> listeners)
            throws Exception {
        AnnotationData data =
                AnnotationData.load(
                        options.data(),
                        options.validation(),
                        CocoDataset.Target.SEMANTIC_MASK,
                        options.size(),
                        options.labels(),
                        options.heldOut(),
                        options.seed(),
                        options.batchSize());
        List<String> classes = new ArrayList<>();
        classes.add("background");
        classes.addAll(data.classes().names());
        try (FrozenTeacher teacher =
                settings.teacher() == null
                        ? null
                        : FrozenTeacher.load(
                                settings.teacher(),
                                AnnotatorSpec.Kind.SEGMENTER,
                                classes,
                                options.size(),
                                data.train().imageLoader().getNormalization())) {
            Segmenter app =
                    new Segmenter(
                            settings,
                            options,
                            data,
                            teacher == null ? TeacherModel.MOVING_AVERAGE : teacher);
            AnnotatorRun.Outcome outcome = AnnotatorRun.train(options, data, app, out, listeners);
            app.printResults(out, AnnotatorRun.title(options, data, outcome), outcome);
            return outcome.metrics();
        }
    }
}
