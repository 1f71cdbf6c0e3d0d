package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.metrics.ConfusionMatrix;
import dev.annogan.core.nn.Scalars;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.SupervisedObjective;
import dev.annogan.training.Validation;
import dev.annogan.training.augment.CutMix;
import dev.annogan.training.teacher.Consistency;
import dev.annogan.training.teacher.PseudoLabels;
import dev.annogan.training.teacher.TeacherModel;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adversarial semi-supervised semantic segmentation after Hung et al. (2018), "Adversarial Learning
 * for Semi-Supervised Semantic Segmentation": G ({@code UNetGenerator}) maps an image to per-pixel
 * class logits {@code (N, K, H, W)}; D ({@code ConfidenceMapDiscriminator}, or {@code
 * PatchDiscriminator}) maps (image, class-probability map) to a map of real/fake logits.
 *
 * <p>Batches are laid out as {@code CocoDataset} with target {@code SEMANTIC_MASK} yields them:
 * data {@code NDList(images (N, 3, H, W))}, labels {@code NDList(classMap (N, H, W), labelled
 * (N))}, class 0 the background, {@code -1} ignored; an unlabelled image is all {@code -1} with
 * flag 0. So K counts the background.
 *
 * <ul>
 *   <li>D's loss: the configured adversarial loss (BCE by default) over every output pixel, real =
 *       one-hot ground truth of the labelled images, fake = softmax(G) of every image. A batch
 *       without labelled images teaches D nothing, as in {@link TaggingObjective}.
 *   <li>G's loss: {@code supervisedWeight} × cross-entropy over labelled pixels, plus {@code
 *       adversarialWeight} × the adversarial G loss on every image (Hung et al. use 0.01: {@link
 *       #HUNG_ADVERSARIAL_WEIGHT}), plus, from step {@link Settings#semiStart()} on, {@link
 *       Settings#semiWeight()} × the self-taught cross-entropy on unlabelled images: a pixel whose
 *       confidence {@code sigmoid(D(softmax G))} exceeds {@link Settings#threshold()} takes G's
 *       argmax as its label ({@link #pseudoLabels}). The weights of the first two are the
 *       objective's {@link LossWeights}.
 * </ul>
 *
 * <p>Teacher terms ({@link TeacherTerms}, off by default; with them the baseline learns from
 * unlabelled images too, which is the ablation "teacher without D"): G's moving average (the run's
 * {@code optEmaDecay}, the mean teacher) predicts each unlabelled image; its class-balanced
 * confident pixels ({@link PseudoLabels#pixels}) become targets. Images, pseudo-labels and the
 * teacher's probabilities are then cut and mixed together ({@link CutMix}, the same box for all
 * three), and G, the student, learns from the mixed images: {@code ramp * (pseudoLabelWeight *
 * maskedCrossEntropy + consistencyWeight * Consistency.softmax)}.
 *
 * <p>The confidence rule reads D's logits as log-odds of "ground truth", which holds for the BCE
 * loss the paper uses. Validation reports {@code mIoU} (over the classes present in targets or
 * predictions, background included) and {@code pixel_accuracy}, from a {@link ConfusionMatrix} that
 * skips ignored pixels.
 */
public final class SegmentationObjective implements GanObjective, SupervisedObjective {

    /** Hung et al.'s weight of the adversarial term, λ_adv = 0.01 ({@link LossWeights}). */
    public static final float HUNG_ADVERSARIAL_WEIGHT = 0.01f;

    private final int numClasses;
    private final LossWeights weights;
    private final Settings settings;
    private final TeacherTerms teacher;
    private final CutMix cutMix;
    private final TeacherModel teacherModel;
    private final float balancedFraction;

    /**
     * The semi-supervised knobs beyond the supervised and adversarial weights.
     *
     * @param semiWeight λ_semi, the weight of the self-taught loss; 0 turns it off
     * @param threshold T_semi, the confidence above which a pixel becomes a pseudo-label, in [0, 1)
     * @param semiStart the number of G updates before the self-taught loss starts (D must first
     *     learn what ground truth looks like)
     */
    public record Settings(float semiWeight, float threshold, long semiStart) {

        /** Checks the values. */
        public Settings {
            if (!(semiWeight >= 0) || !(threshold >= 0 && threshold < 1) || semiStart < 0) {
                throw new IllegalArgumentException(
                        "invalid settings: semiWeight "
                                + semiWeight
                                + " (>= 0), threshold "
                                + threshold
                                + " (in [0, 1)), semiStart "
                                + semiStart
                                + " (>= 0)");
            }
        }

        /** Returns Hung et al.'s values: λ_semi 0.1, T_semi 0.2, start after 5000 steps. */
        public static Settings defaults() {
            return new Settings(0.1f, 0.2f, 5000);
        }
    }

    /**
     * Creates the objective.
     *
     * @param numClasses K, the background included
     * @param weights the weights of G's supervised and adversarial terms
     * @param settings the semi-supervised knobs
     */
    public SegmentationObjective(int numClasses, LossWeights weights, Settings settings) {
        this(numClasses, weights, settings, TeacherTerms.NONE, null, 0f);
    }

    /**
     * Creates the objective with teacher terms on unlabelled images.
     *
     * @param numClasses K, the background included
     * @param weights the weights of G's supervised and adversarial terms
     * @param settings the semi-supervised knobs of Hung et al.
     * @param teacher the consistency and pseudo-label terms; with either weight positive the run
     *     must keep a moving average of G
     * @param cutMix how the student's images are mixed, or null for no mixing
     * @param balancedFraction the share of each class's predicted pixels kept as pseudo-labels even
     *     below the threshold ({@link PseudoLabels#pixels}), in {@code [0, 1]}
     */
    public SegmentationObjective(
            int numClasses,
            LossWeights weights,
            Settings settings,
            TeacherTerms teacher,
            CutMix cutMix,
            float balancedFraction) {
        this(
                numClasses,
                weights,
                settings,
                teacher,
                cutMix,
                balancedFraction,
                TeacherModel.MOVING_AVERAGE);
    }

    /**
     * Creates the objective with teacher terms whose answers come from the given teacher.
     *
     * @param numClasses K, the background included
     * @param weights the weights of G's supervised and adversarial terms
     * @param settings the semi-supervised knobs of Hung et al.
     * @param teacher the consistency and pseudo-label terms
     * @param cutMix how the student's images are mixed, or null for no mixing
     * @param balancedFraction the share of each class's predicted pixels kept as pseudo-labels even
     *     below the threshold, in {@code [0, 1]}
     * @param teacherModel who predicts the unlabelled images: G's moving average or a fixed network
     */
    public SegmentationObjective(
            int numClasses,
            LossWeights weights,
            Settings settings,
            TeacherTerms teacher,
            CutMix cutMix,
            float balancedFraction,
            TeacherModel teacherModel) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (!(balancedFraction >= 0 && balancedFraction <= 1)) {
            throw new IllegalArgumentException(
                    "balanced fraction must be in [0, 1], got " + balancedFraction);
        }
        this.numClasses = numClasses;
        this.weights = Objects.requireNonNull(weights, "weights");
        this.settings = settings;
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.cutMix = cutMix;
        this.balancedFraction = balancedFraction;
        this.teacherModel = Objects.requireNonNull(teacherModel, "teacherModel");
    }

    @Override
    public NDList generate(GanContext context, Batch batch) {
        return new NDList(context.generator(new NDList(RecordLayout.images(batch))).head());
    }

    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray images = RecordLayout.images(batch);
        NDArray fakeLogits =
                context.discriminator(new NDList(images, fakes.head().softmax(1))).head();
        LabelledRows rows = LabelledRows.of(RecordLayout.labelledFlags(batch));
        if (rows.none()) {
            NDArray noReal = fakeLogits.get("0:0");
            return new DiscriminatorResult(LabelledRows.zeroLoss(fakeLogits), noReal, fakeLogits);
        }
        NDArray truth = oneHot(rows.select(RecordLayout.targets(batch)), numClasses);
        NDArray realLogits = context.discriminator(new NDList(rows.select(images), truth)).head();
        NDArray loss = context.adversarialLoss().discriminatorLoss(realLogits, fakeLogits);
        return new DiscriminatorResult(loss, realLogits, fakeLogits);
    }

    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray logits = fakes.head();
        NDArray targets = RecordLayout.targets(batch);
        NDArray loss = Scalars.mul(maskedCrossEntropy(logits, targets), weights.supervised());
        float adversarialWeight = weights.adversarial();
        boolean semi = settings.semiWeight() > 0 && context.step() >= settings.semiStart();
        NDArray taught = teacherLoss(context, batch);
        if (taught != null) {
            loss = loss.add(taught);
        }
        if (adversarialWeight == 0 && !semi) {
            return loss;
        }
        NDArray images = RecordLayout.images(batch);
        NDArray confidence = context.discriminator(new NDList(images, logits.softmax(1))).head();
        if (adversarialWeight > 0) {
            NDArray adversarial = context.adversarialLoss().generatorLoss(confidence);
            loss = loss.add(Scalars.mul(adversarial, adversarialWeight));
        }
        if (semi) {
            NDArray pseudo =
                    pseudoLabels(
                            logits.stopGradient(),
                            confidence.stopGradient(),
                            RecordLayout.labelledFlags(batch),
                            settings.threshold());
            loss = loss.add(Scalars.mul(maskedCrossEntropy(logits, pseudo), settings.semiWeight()));
        }
        return loss;
    }

    @Override
    public NDArray supervisedLoss(GanContext context, Batch batch) {
        NDArray logits = generate(context, batch).head();
        NDArray loss =
                Scalars.mul(
                        maskedCrossEntropy(logits, RecordLayout.targets(batch)),
                        weights.supervised());
        NDArray taught = teacherLoss(context, batch);
        return taught == null ? loss : loss.add(taught);
    }

    /**
     * Returns the teacher terms on the batch's unlabelled images, or null when they are off or the
     * batch has no unlabelled image.
     */
    private NDArray teacherLoss(GanContext context, Batch batch) {
        if (!teacher.activeAt(context.step())) {
            return null;
        }
        NDArray images = LabelledRows.unlabelledImages(batch);
        if (images == null) {
            return null;
        }
        NDArray probabilities =
                teacherModel.predict(context, new NDList(images)).head().stopGradient().softmax(1);
        NDArray targets = PseudoLabels.pixels(probabilities, teacher.threshold(), balancedFraction);
        NDList views =
                cutMix == null
                        ? new NDList(images, targets, probabilities)
                        : cutMix.apply(images, List.of(targets, probabilities), context.random());
        NDArray student = context.generator(new NDList(views.get(0))).head();
        return teacher.combine(
                student,
                () -> Consistency.softmax(student, views.get(2)),
                () -> maskedCrossEntropy(student, views.get(1)),
                context.step());
    }

    /**
     * Returns the self-taught targets of Hung et al.: on unlabelled images, G's argmax class where
     * D's confidence {@code sigmoid(confidenceLogits)} is strictly above {@code threshold}, and
     * {@code -1} (ignored) everywhere else, labelled images included.
     *
     * @param logits G's logits {@code (N, K, H, W)}
     * @param confidenceLogits D's logits {@code (N, 1, H, W)}, or a coarser {@code (N, 1, H / f, W
     *     / f)} map of a PatchGAN, whose value then holds for each pixel of its patch
     * @param labelled the labelled flag {@code (N)}, 1 or 0
     * @param threshold T_semi
     * @return int32 class ids {@code (N, H, W)}
     */
    public static NDArray pseudoLabels(
            NDArray logits, NDArray confidenceLogits, NDArray labelled, float threshold) {
        NDArray predicted = logits.argMax(1).toType(DataType.INT32, false);
        long height = logits.getShape().get(2);
        long width = logits.getShape().get(3);
        NDArray map = confidenceLogits;
        if (map.getShape().get(2) != height || map.getShape().get(3) != width) {
            map =
                    map.repeat(2, height / map.getShape().get(2))
                            .repeat(3, width / map.getShape().get(3));
        }
        NDArray confident = Activation.sigmoid(map).squeeze(1).gt(threshold);
        NDArray unlabelled = labelled.lte(0.5f).reshape(-1, 1, 1);
        NDArray keep = confident.logicalAnd(unlabelled);
        return NDArrays.where(keep, predicted, predicted.onesLike().neg());
    }

    /**
     * Returns the mean cross-entropy of softmax(logits) over the pixels whose target is a class;
     * pixels of {@code -1} are left out, and the sum is divided by the number of pixels counted.
     *
     * @param logits {@code (N, K, H, W)}
     * @param targets class ids or -1, {@code (N, H, W)}
     * @return the scalar mean, exactly 0 when no pixel is labelled
     */
    public static NDArray maskedCrossEntropy(NDArray logits, NDArray targets) {
        int k = Math.toIntExact(logits.getShape().get(1));
        // -log p times the one-hot: unlabelled pixels give 0 * (+x) = +0, so the mean is +0.
        NDArray nll = oneHot(targets, k).mul(logits.logSoftmax(1).neg());
        float count = targets.gte(0).toType(DataType.FLOAT32, false).sum().getFloat();
        return Scalars.div(nll.sum(), Math.max(count, 1f));
    }

    /** Returns the float one-hot {@code (N, K, H, W)} of class ids {@code (N, H, W)}; -1 is 0. */
    static NDArray oneHot(NDArray classIds, int numClasses) {
        NDArray ids = classIds.toType(DataType.INT32, false).expandDims(1);
        NDArray classes = ids.getManager().arange(0, numClasses).reshape(1, numClasses, 1, 1);
        return ids.eq(classes).toType(DataType.FLOAT32, false);
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new SegmentationValidation(numClasses);
    }

    /** Counts predicted against true classes of every labelled held-out pixel. */
    public static final class SegmentationValidation implements Validation {
        private final ConfusionMatrix matrix;

        SegmentationValidation(int numClasses) {
            matrix = new ConfusionMatrix(numClasses);
        }

        /** Returns the counts so far, for per-class IoU. */
        public ConfusionMatrix confusionMatrix() {
            return matrix;
        }

        @Override
        public void accept(GanContext context, Batch batch) {
            NDArray logits = context.generator(new NDList(RecordLayout.images(batch))).head();
            int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
            int[] truth = RecordLayout.targets(batch).toType(DataType.INT32, false).toIntArray();
            matrix.add(truth, predicted, -1);
        }

        @Override
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("mIoU", matrix.meanIoU());
            metrics.put("pixel_accuracy", matrix.pixelAccuracy());
            return metrics;
        }
    }
}
