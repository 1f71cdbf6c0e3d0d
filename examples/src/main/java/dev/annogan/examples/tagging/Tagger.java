package dev.annogan.examples.tagging;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.annotate.AnnotatorSpec;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.tagging.PairDiscriminator;
import dev.annogan.examples.annotator.AnnotationData;
import dev.annogan.examples.annotator.AnnotatorApplication;
import dev.annogan.examples.annotator.AnnotatorRun;
import dev.annogan.examples.annotator.BackboneStart;
import dev.annogan.examples.annotator.FrozenTeacher;
import dev.annogan.examples.annotator.MetricsTable;
import dev.annogan.examples.annotator.RunOptions;
import dev.annogan.training.GanObjective;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.objective.LossWeights;
import dev.annogan.training.objective.TaggingObjective;
import dev.annogan.training.objective.TaggingObjective.TaggingValidation;
import dev.annogan.training.teacher.TeacherModel;
import java.awt.image.BufferedImage;
import java.io.PrintStream;

/**
 * Adversarial multi-label tagging, the whole application in one place: G ({@code TaggerGenerator},
 * an image encoder and noise to K logits) tags images, D ({@link PairDiscriminator}) judges (image,
 * tags) pairs, {@link TaggingObjective} is how they learn and what validation measures (mAP, F1),
 * the picture shows predicted against true tags on validation images, and mAP picks the best
 * checkpoint. {@link TaggerRunner} runs it.
 */
final class Tagger implements AnnotatorApplication {

    /**
     * The student's view of an unlabelled image for the teacher terms: colour jitter and a cutout
     * of a quarter of the side, small enough to leave most of every shape visible (a tag whose
     * object were cut out would be a wrong target).
     */
    static final ImageAugmentation STRONG_VIEW =
            ImageAugmentation.builder().optJitter(0.2f, 0.4f).optCutout(0.25f).build();

    private final TaggerRunner.Settings settings;
    private final AnnotationData data;
    private final int size;
    private final int k;
    private final TaggingObjective objective;
    private final BackboneStart backbone;
    private final String teacherName;
    private final String teacherIdentity;

    /**
     * Describes a run.
     *
     * @param settings the tagger's knobs
     * @param options the run's options (image size, teacher terms, schedule)
     * @param data the labelled and unlabelled images
     * @param teacherModel who tags the unlabelled images in the teacher terms
     */
    Tagger(
            TaggerRunner.Settings settings,
            RunOptions options,
            AnnotationData data,
            TeacherModel teacherModel) {
        this.settings = settings;
        this.data = data;
        this.size = options.size();
        this.k = data.classes().size();
        this.backbone = options.backbone();
        this.teacherName = FrozenTeacher.name(teacherModel);
        this.teacherIdentity = FrozenTeacher.identity(teacherModel, options.out());
        this.objective =
                new TaggingObjective(
                        settings.noiseDim(),
                        LossWeights.adversarial(settings.adversarialWeight()),
                        options.teacherTerms(
                                (long) AnnotatorRun.stepsPerEpoch(options, data)
                                        * options.epochs()),
                        STRONG_VIEW,
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
        return AnnotatorSpec.Kind.TAGGER;
    }

    @Override
    public BlockSpec generatorSpec() {
        BlockSpec spec =
                BlockSpec.of("tagger")
                        .with("numLabels", k)
                        .with("inputSize", size)
                        .with("width", settings.width())
                        .with("depth", settings.depth())
                        .with("batchNorm", settings.pooled())
                        .with("globalPooling", settings.pooled())
                        .with("noiseDim", settings.noiseDim());
        // Only a VGG-style trunk names itself, so strided taggers export as they always have.
        return settings.convsPerLevel() > 0
                ? spec.with("convsPerLevel", settings.convsPerLevel())
                : spec;
    }

    @Override
    public Shape[] generatorInputs() {
        Shape image = new Shape(1, 3, size, size);
        return settings.noiseDim() > 0
                ? new Shape[] {image, new Shape(1, settings.noiseDim())}
                : new Shape[] {image};
    }

    @Override
    public Block newDiscriminator() {
        return PairDiscriminator.builder()
                .setNumLabels(k)
                .setInputSize(size)
                .optWidth(settings.width())
                .optDepth(settings.depth())
                .optBatchNorm(settings.pooled())
                .optGlobalPooling(settings.pooled())
                .optProjection(settings.projection())
                .optSpectralNorm(settings.spectralNorm())
                .build();
    }

    @Override
    public Shape[] discriminatorInputs() {
        return new Shape[] {new Shape(1, 3, size, size), new Shape(1, k)};
    }

    /** Starts G's encoder, and D's image encoder, from the backbone when the run has one. */
    @Override
    public void afterInitialize(GanTrainer gan) {
        if (backbone.enabled()) {
            backbone.apply(
                    gan,
                    gan.discriminatorModel().getBlock() instanceof PairDiscriminator d
                                    && !settings.spectralNorm()
                            ? d.getEncoder()
                            : null);
        }
    }

    @Override
    public GanObjective objective() {
        return objective;
    }

    @Override
    public String metric() {
        return "mAP";
    }

    @Override
    public BufferedImage picture(GanTrainer gan) {
        return TagPicture.render(gan, data.validation(), data.classes());
    }

    @Override
    public String describe() {
        return String.format(
                "G tags images, D judges (image, tags) pairs; adversarial weight %s",
                settings.adversarialWeight());
    }

    /** Prints the metrics and the average precision of each category. */
    @Override
    public void printResults(PrintStream out, String title, AnnotatorRun.Outcome outcome) {
        double[] perCategory =
                ((TaggingValidation) outcome.validation()).perCategoryAveragePrecision();
        MetricsTable.print(
                out, title, outcome.metrics(), "AP", data.classes().names(), perCategory);
    }
}
