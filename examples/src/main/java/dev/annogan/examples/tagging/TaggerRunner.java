package dev.annogan.examples.tagging;

import ai.djl.ndarray.types.Shape;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.tagging.PairDiscriminator;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.examples.annotator.MetricsTable;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.training.GanListener;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.objective.LossWeights;
import dev.annogan.training.objective.TaggingObjective;
import dev.annogan.training.objective.TaggingObjective.TaggingValidation;
import dev.annogan.training.run.RunSetupException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Trains a multi-label tagger on a COCO or shapes folder, adversarially ({@link TaggingObjective})
 * or as the supervised baseline (the same G on the labelled images alone), and ends with the
 * held-out mAP, F1 and per-category AP. Writes checkpoints, {@code metrics.csv}, {@code loss.png}
 * and {@code samples/epoch-NNN.png} into the run folder.
 */
public final class TaggerRunner {

    /**
     * The student's view of an unlabelled image for the teacher terms: colour jitter and a cutout
     * of a quarter of the side, small enough to leave most of every shape visible (a tag whose
     * object were cut out would be a wrong target).
     */
    static final ImageAugmentation STRONG_VIEW =
            ImageAugmentation.builder().optJitter(0.2f, 0.4f).optCutout(0.25f).build();

    private TaggerRunner() {}

    /**
     * The tagger's own knobs.
     *
     * @param adversarialWeight the weight of G's adversarial loss (the supervised loss weighs 1)
     * @param noiseDim the length of G's noise input, 0 for none
     * @param width the channels of the first convolution of G's and D's image encoders
     * @param depth the number of stride-2 convolutions of both encoders
     * @param pooled whether both encoders batch-normalise their hidden convolutions and average
     *     their last maps (the encoder of the reference workload W2) rather than flatten them
     * @param projection whether D joins image and tags by projection rather than concatenation
     * @param spectralNorm whether D's layers are spectrally normalised
     */
    public record Settings(
            float adversarialWeight,
            int noiseDim,
            int width,
            int depth,
            boolean pooled,
            boolean projection,
            boolean spectralNorm) {

        /**
         * Returns the defaults: adversarial weight 0.1 (the supervised loss weighs 1; the reference
         * workload W2 weighs them 1 : 10 the other way round, as its G loss is adversarial + 10
         * BCE), noise 16, width 32, depth 4, pooled encoders, projection D. Without batch norm and
         * pooling, the tagger memorised the training images and stayed at chance on held-out ones.
         * D is not spectrally normalised.
         */
        public static Settings defaults() {
            return new Settings(0.1f, 16, 32, 4, true, true, false);
        }
    }

    /**
     * Runs training and prints the closing table.
     *
     * @return the final validation metrics: mAP, f1_micro, f1_macro
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
                        CocoDataset.Target.MULTI_HOT,
                        options.size(),
                        options.labels(),
                        options.heldOut(),
                        options.seed(),
                        options.batchSize());
        int k = data.classes().size();
        int size = options.size();
        BlockSpec generator =
                BlockSpec.of("tagger")
                        .with("numLabels", k)
                        .with("inputSize", size)
                        .with("width", settings.width())
                        .with("depth", settings.depth())
                        .with("batchNorm", settings.pooled())
                        .with("globalPooling", settings.pooled())
                        .with("noiseDim", settings.noiseDim());
        PairDiscriminator discriminator =
                PairDiscriminator.builder()
                        .setNumLabels(k)
                        .setInputSize(size)
                        .optWidth(settings.width())
                        .optDepth(settings.depth())
                        .optBatchNorm(settings.pooled())
                        .optGlobalPooling(settings.pooled())
                        .optProjection(settings.projection())
                        .optSpectralNorm(settings.spectralNorm())
                        .build();
        Shape image = new Shape(1, 3, size, size);
        Shape[] generatorInputs =
                settings.noiseDim() > 0
                        ? new Shape[] {image, new Shape(1, settings.noiseDim())}
                        : new Shape[] {image};
        AnnotatorRun.Application app =
                new AnnotatorRun.Application(
                        "tagger",
                        "mAP",
                        generator,
                        generatorInputs,
                        discriminator,
                        new Shape[] {image, new Shape(1, k)},
                        new TaggingObjective(
                                settings.noiseDim(),
                                LossWeights.adversarial(settings.adversarialWeight()),
                                options.teacherTerms(
                                        (long) AnnotatorRun.stepsPerEpoch(options, data)
                                                * options.epochs()),
                                STRONG_VIEW),
                        String.format(
                                "G tags images, D judges (image, tags) pairs; adversarial weight"
                                        + " %s",
                                settings.adversarialWeight()));
        AnnotatorRun.Outcome outcome =
                AnnotatorRun.train(
                        options,
                        data,
                        app,
                        gan -> TagPicture.render(gan, data.validation(), data.classes()),
                        out,
                        listeners);
        double[] perCategory =
                ((TaggingValidation) outcome.validation()).perCategoryAveragePrecision();
        MetricsTable.print(
                out,
                AnnotatorRun.title(options, data, outcome),
                outcome.metrics(),
                "AP",
                data.classes().names(),
                perCategory);
        return outcome.metrics();
    }
}
