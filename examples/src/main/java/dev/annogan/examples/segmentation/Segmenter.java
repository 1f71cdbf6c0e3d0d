package dev.annogan.examples.segmentation;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.segmentation.ConfidenceMapDiscriminator;
import dev.annogan.core.segmentation.PatchDiscriminator;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.AnnotatorApplication;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.examples.annotator.BackboneStart;
import dev.annogan.examples.annotator.FrozenTeacher;
import dev.annogan.examples.annotator.MetricsTable;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.examples.segmentation.SegmenterRunner.DiscriminatorKind;
import dev.annogan.examples.segmentation.SegmenterRunner.GeneratorKind;
import dev.annogan.training.GanObjective;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.augment.CutMix;
import dev.annogan.training.objective.LossWeights;
import dev.annogan.training.objective.SegmentationObjective;
import dev.annogan.training.objective.SegmentationObjective.SegmentationValidation;
import dev.annogan.training.teacher.TeacherModel;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adversarial semi-supervised segmentation (Hung et al. 2018), the whole application in one place:
 * G (a pix2pix U-Net or a U-Net) gives per-pixel class logits, D (a confidence map or a PatchGAN)
 * judges (image, class probabilities) pairs, {@link SegmentationObjective} is how they learn
 * (cross-entropy, λ_adv, the self-taught loss on confident unlabelled pixels, the teacher terms on
 * CutMix-ed images) and what validation measures (mIoU, pixel accuracy), the picture overlays masks
 * on validation images, and mIoU picks the best checkpoint. Class 0 is the background. {@link
 * SegmenterRunner} runs it.
 */
final class Segmenter implements AnnotatorApplication {

    /** The smallest and largest share of an image a CutMix box covers. */
    static final float CUTMIX_MIN_AREA = 0.25f;

    static final float CUTMIX_MAX_AREA = 0.5f;

    /** The share of each class's predicted pixels kept as pseudo-labels below the threshold. */
    static final float BALANCED_FRACTION = 0.2f;

    private final SegmenterRunner.Settings settings;
    private final AnnotationData data;
    private final int size;
    private final int classes;
    private final SegmentationObjective.Settings semi;
    private final SegmentationObjective objective;
    private final BackboneStart backbone;
    private final String teacherName;
    private final String teacherIdentity;

    /**
     * Describes a run.
     *
     * @param settings the segmenter's knobs
     * @param options the run's options (image size, teacher terms, schedule)
     * @param data the labelled and unlabelled images
     * @param teacherModel who answers for the unlabelled images in the teacher terms
     */
    Segmenter(
            SegmenterRunner.Settings settings,
            RunOptions options,
            AnnotationData data,
            TeacherModel teacherModel) {
        this.settings = settings;
        this.data = data;
        this.size = options.size();
        this.classes = data.classes().size() + 1;
        this.backbone = options.backbone();
        this.teacherName = FrozenTeacher.name(teacherModel);
        this.teacherIdentity = FrozenTeacher.identity(teacherModel, options.out());
        long steps = (long) AnnotatorRun.stepsPerEpoch(options, data) * options.epochs();
        // The self-taught loss starts after a quarter of the run unless told: D must first learn
        // what ground truth looks like.
        long semiStart = settings.semiStart() != null ? settings.semiStart() : steps / 4;
        this.semi =
                new SegmentationObjective.Settings(
                        settings.semiWeight(), settings.threshold(), semiStart);
        this.objective =
                new SegmentationObjective(
                        classes,
                        LossWeights.adversarial(settings.adversarialWeight()),
                        semi,
                        options.teacherTerms(steps),
                        new CutMix(CUTMIX_MIN_AREA, CUTMIX_MAX_AREA),
                        BALANCED_FRACTION,
                        teacherModel);
    }

    @Override
    public String teacherName() {
        return teacherName;
    }

    @Override
    public String teacherIdentity() {
        return teacherIdentity;
    }

    @Override
    public AnnotatorSpec.Kind kind() {
        return AnnotatorSpec.Kind.SEGMENTER;
    }

    @Override
    public BlockSpec generatorSpec() {
        return settings.generatorSpec(classes);
    }

    /**
     * Starts G's encoder levels from the backbone when the run has one. D judges (image,
     * probabilities) stacked into one input, which a backbone of images alone does not fit.
     */
    @Override
    public void afterInitialize(GanTrainer gan) {
        if (backbone.enabled()) {
            backbone.apply(gan, null);
        }
    }

    @Override
    public Shape[] generatorInputs() {
        return new Shape[] {new Shape(1, 3, size, size)};
    }

    @Override
    public Block newDiscriminator() {
        return settings.discriminator() == DiscriminatorKind.PATCH
                ? PatchDiscriminator.builder().setNumClasses(classes).build()
                : ConfidenceMapDiscriminator.builder().setNumClasses(classes).build();
    }

    @Override
    public Shape[] discriminatorInputs() {
        return new Shape[] {new Shape(1, 3, size, size), new Shape(1, classes, size, size)};
    }

    @Override
    public GanObjective objective() {
        return objective;
    }

    @Override
    public String metric() {
        return "mIoU";
    }

    @Override
    public BufferedImage picture(GanTrainer gan) {
        return MaskPicture.render(gan, data.validation(), data.classes());
    }

    @Override
    public String describe() {
        return String.format(
                "%s against a %s D; λ_adv %s, λ_semi %s, T_semi %s from step %d",
                settings.generator() == GeneratorKind.UNET ? "U-Net" : "pix2pix U-Net",
                settings.discriminator() == DiscriminatorKind.PATCH ? "PatchGAN" : "confidence-map",
                settings.adversarialWeight(),
                semi.semiWeight(),
                semi.threshold(),
                semi.semiStart());
    }

    /** Prints the metrics and the IoU of each class, the background first. */
    @Override
    public void printResults(PrintStream out, String title, AnnotatorRun.Outcome outcome) {
        ConfusionMatrix matrix = ((SegmentationValidation) outcome.validation()).confusionMatrix();
        List<String> names = new ArrayList<>();
        names.add("(background)");
        names.addAll(data.classes().names());
        MetricsTable.print(out, title, outcome.metrics(), "IoU", names, matrix.perClassIoU());
    }
}
