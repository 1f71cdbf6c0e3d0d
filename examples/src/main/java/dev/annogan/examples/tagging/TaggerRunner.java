package dev.annogan.examples.tagging;

import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.datasets.coco.CocoDataset;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.examples.annotator.FrozenTeacher;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.training.GanListener;
import dev.annogan.training.run.RunSetupException;
import dev.annogan.training.teacher.TeacherModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trains a multi-label tagger ({@link Tagger}) on a COCO or shapes folder, adversarially or as the
 * supervised baseline (the same G on the labelled images alone), and ends with the held-out mAP, F1
 * and per-category AP. Writes checkpoints, {@code metrics.csv}, {@code loss.png} and {@code
 * samples/epoch-NNN.png} into the run folder, and the annotator into {@code model/}.
 */
public final class TaggerRunner {

    private TaggerRunner() {}

    /**
     * The tagger's own knobs.
     *
     * @param adversarialWeight the weight of G's adversarial loss (the supervised loss weighs 1)
     * @param noiseDim the length of G's noise input, 0 for none
     * @param width the channels of the first convolution of G's and D's image encoders
     * @param depth the number of levels of both encoders, each halving the image
     * @param pooled whether both encoders batch-normalise their hidden convolutions and average
     *     their last maps (the encoder of the reference workload W2) rather than flatten them
     * @param convsPerLevel G's encoder trunk: 0 for DCGAN's strided convolutions, {@code k > 0} for
     *     a VGG-style trunk of {@code k} 3x3 convolutions a level (D keeps the strided one)
     * @param projection whether D joins image and tags by projection rather than concatenation
     * @param spectralNorm whether D's layers are spectrally normalised
     * @param teacher a tagger's model folder that answers for the unlabelled images in the teacher
     *     terms, kept fixed; null for G's moving average (the mean teacher)
     */
    public record Settings(
            float adversarialWeight,
            int noiseDim,
            int width,
            int depth,
            boolean pooled,
            int convsPerLevel,
            boolean projection,
            boolean spectralNorm,
            Path teacher) {

        /**
         * Returns the defaults: adversarial weight 0.1 (the supervised loss weighs 1; the reference
         * workload W2 weighs them 1 : 10 the other way round, as its G loss is adversarial + 10
         * BCE), noise 16, width 32, depth 4, pooled encoders, projection D. Without batch norm and
         * pooling, the tagger memorised the training images and stayed at chance on held-out ones.
         * D is not spectrally normalised.
         */
        public static Settings defaults() {
            return new Settings(0.1f, 16, 32, 4, true, 0, true, false, null);
        }

        /**
         * Returns these settings with another fixed teacher.
         *
         * @param folder the teacher's model folder or run folder; null for the mean teacher
         */
        public Settings withTeacher(Path folder) {
            return new Settings(
                    adversarialWeight,
                    noiseDim,
                    width,
                    depth,
                    pooled,
                    convsPerLevel,
                    projection,
                    spectralNorm,
                    folder);
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
        try (FrozenTeacher teacher =
                settings.teacher() == null
                        ? null
                        : FrozenTeacher.load(
                                settings.teacher(),
                                AnnotatorSpec.Kind.TAGGER,
                                data.classes().names(),
                                options.size(),
                                data.train().imageLoader().getNormalization())) {
            Tagger app =
                    new Tagger(
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
