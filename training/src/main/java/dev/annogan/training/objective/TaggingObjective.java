package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.metrics.MultiLabelAveragePrecision;
import dev.annogan.core.metrics.MultiLabelF1;
import dev.annogan.core.nn.Scalars;
import dev.annogan.datasets.RecordLayout;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.SupervisedObjective;
import dev.annogan.training.Validation;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.teacher.TeacherModel;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adversarial semi-supervised multi-label tagging: G ({@code TaggerGenerator}) maps an image (and
 * noise) to K logits, D ({@code PairDiscriminator}) scores (image, label vector) pairs.
 *
 * <p>Batches are laid out as {@code CocoDataset} with target {@code MULTI_HOT} yields them: data
 * {@code NDList(images (N, 3, H, W))}, labels {@code NDList(multiHot (N, K), labelled (N))}, where
 * an unlabelled row's multi-hot is all {@code -1} and its flag 0.
 *
 * <ul>
 *   <li>D's loss: the configured adversarial loss on real pairs (image, true multi-hot) of the
 *       labelled rows against fake pairs (image, sigmoid(G)) of <em>every</em> row. Fakes come from
 *       all images because D must learn what G's answers look like on any image, labelled or not;
 *       real pairs exist only where labels do. A batch without labelled rows has no real pairs, so
 *       D learns nothing from it (a loss on fakes alone would teach D to call everything fake).
 *   <li>G's loss: {@code supervisedWeight} times binary cross-entropy with logits over the labelled
 *       entries (the -1 entries are masked out; the sum is divided by the number of labelled
 *       entries, so a batch without labelled rows contributes exactly 0), plus {@code
 *       adversarialWeight} times the adversarial G loss on every row. Unlabelled images thus get
 *       the adversarial term only. Both weights are the objective's {@link LossWeights}.
 * </ul>
 *
 * <p>Teacher terms ({@link TeacherTerms}, off by default; with them the baseline learns from
 * unlabelled images too, the ablation "teacher without D"): the teacher ({@link TeacherModel}: G's
 * moving average, the run's {@code optEmaDecay}, or a fixed tagger trained before) tags each
 * unlabelled image without noise, G tags a strongly augmented view of it ({@code strong}), and
 * {@link TeacherTerms#tagLoss} adds the sigmoid consistency and the cross-entropy against the
 * teacher's confident tags to G's loss.
 *
 * <p>Validation runs G without noise (z = 0, its mode) on labelled held-out images and reports
 * {@code mAP} (on the logits, see {@link MultiLabelAveragePrecision}) and micro and macro F1 of the
 * probabilities cut at 0.5 ({@code f1_micro}, {@code f1_macro}).
 */
public final class TaggingObjective implements GanObjective, SupervisedObjective {

    private final int noiseDim;
    private final LossWeights weights;
    private final TeacherTerms teacher;
    private final ImageAugmentation strong;
    private final TeacherModel teacherModel;

    /**
     * Creates the objective without teacher terms, both terms at weight 1.
     *
     * @param noiseDim the length of G's noise input, 0 for a tagger without noise
     */
    public TaggingObjective(int noiseDim) {
        this(noiseDim, LossWeights.EQUAL, TeacherTerms.NONE, ImageAugmentation.NONE);
    }

    /**
     * Creates the objective.
     *
     * @param noiseDim the length of G's noise input, 0 for a tagger without noise
     * @param weights the weights of G's supervised and adversarial terms
     * @param teacher the consistency and pseudo-label terms on unlabelled images; with either
     *     weight positive the run must keep a moving average of G
     * @param strong the student's extra augmentation of unlabelled images for those terms
     */
    public TaggingObjective(
            int noiseDim, LossWeights weights, TeacherTerms teacher, ImageAugmentation strong) {
        this(noiseDim, weights, teacher, strong, TeacherModel.MOVING_AVERAGE);
    }

    /**
     * Creates the objective with a teacher of its own.
     *
     * @param noiseDim the length of G's noise input, 0 for a tagger without noise
     * @param weights the weights of G's supervised and adversarial terms
     * @param teacher the consistency and pseudo-label terms on unlabelled images
     * @param strong the student's extra augmentation of unlabelled images for those terms
     * @param teacherModel who tags the unlabelled images: G's moving average (then the run must
     *     keep one) or a fixed network trained before
     */
    public TaggingObjective(
            int noiseDim,
            LossWeights weights,
            TeacherTerms teacher,
            ImageAugmentation strong,
            TeacherModel teacherModel) {
        if (noiseDim < 0) {
            throw new IllegalArgumentException("noise dimension must be >= 0, got " + noiseDim);
        }
        this.noiseDim = noiseDim;
        this.weights = Objects.requireNonNull(weights, "weights");
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.strong = Objects.requireNonNull(strong, "strong");
        this.teacherModel = Objects.requireNonNull(teacherModel, "teacherModel");
    }

    /** Returns G's logits {@code (N, K)} for the batch's images, with fresh noise. */
    @Override
    public NDList generate(GanContext context, Batch batch) {
        NDArray images = RecordLayout.images(batch);
        NDList inputs = new NDList(images);
        if (noiseDim > 0) {
            inputs.add(context.noise(new Shape(images.getShape().get(0), noiseDim)));
        }
        return new NDList(context.generator(inputs).head());
    }

    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray images = RecordLayout.images(batch);
        NDArray fakeLogits =
                context.discriminator(new NDList(images, Activation.sigmoid(fakes.head()))).head();
        LabelledRows rows = LabelledRows.of(RecordLayout.labelledFlags(batch));
        if (rows.none()) {
            NDArray noReal = fakeLogits.get("0:0");
            return new DiscriminatorResult(LabelledRows.zeroLoss(fakeLogits), noReal, fakeLogits);
        }
        NDArray targets = RecordLayout.targets(batch);
        NDArray realLogits =
                context.discriminator(new NDList(rows.select(images), rows.select(targets))).head();
        NDArray loss = context.adversarialLoss().discriminatorLoss(realLogits, fakeLogits);
        return new DiscriminatorResult(loss, realLogits, fakeLogits);
    }

    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray logits = fakes.head();
        NDArray loss =
                Scalars.mul(
                        maskedBinaryCrossEntropy(logits, RecordLayout.targets(batch)),
                        weights.supervised());
        float adversarialWeight = weights.adversarial();
        if (adversarialWeight > 0) {
            NDArray images = RecordLayout.images(batch);
            NDArray fakeLogits =
                    context.discriminator(new NDList(images, Activation.sigmoid(logits))).head();
            loss =
                    loss.add(
                            Scalars.mul(
                                    context.adversarialLoss().generatorLoss(fakeLogits),
                                    adversarialWeight));
        }
        NDArray taught = teacherLoss(context, batch);
        return taught == null ? loss : loss.add(taught);
    }

    @Override
    public NDArray supervisedLoss(GanContext context, Batch batch) {
        NDArray logits = generate(context, batch).head();
        NDArray loss =
                Scalars.mul(
                        maskedBinaryCrossEntropy(logits, RecordLayout.targets(batch)),
                        weights.supervised());
        NDArray taught = teacherLoss(context, batch);
        return taught == null ? loss : loss.add(taught);
    }

    /**
     * Returns the teacher terms on the batch's unlabelled images, or null when they are off or the
     * batch has none.
     */
    private NDArray teacherLoss(GanContext context, Batch batch) {
        if (!teacher.activeAt(context.step())) {
            return null;
        }
        NDArray images = LabelledRows.unlabelledImages(batch);
        if (images == null) {
            return null;
        }
        long n = images.getShape().get(0);
        NDList teacherInputs = new NDList(images);
        NDList studentInputs = new NDList(strong.apply(images, List.of(), context.random()).head());
        if (noiseDim > 0) {
            // The teacher answers at G's mode (z = 0), as validation does.
            teacherInputs.add(images.getManager().zeros(new Shape(n, noiseDim)));
            studentInputs.add(context.noise(new Shape(n, noiseDim)));
        }
        NDArray teacherLogits = teacherModel.predict(context, teacherInputs).head();
        NDArray studentLogits = context.generator(studentInputs).head();
        return teacher.tagLoss(studentLogits, teacherLogits, context.step());
    }

    /**
     * Returns the mean binary cross-entropy of {@code sigmoid(logits)} against {@code targets} over
     * the entries whose target is 0 or 1; entries of -1 (unlabelled) are left out. Computed from
     * the logits as {@code max(x, 0) - x·y + log(1 + exp(-|x|))}, which never overflows.
     *
     * @param logits G's logits, shape {@code (N, K)}
     * @param targets 1, 0 or -1 per entry, same shape
     * @return the scalar mean, exactly 0 when no entry is labelled
     */
    public static NDArray maskedBinaryCrossEntropy(NDArray logits, NDArray targets) {
        NDArray known = targets.gte(0f).toType(logits.getDataType(), false);
        NDArray y = targets.toType(logits.getDataType(), false).mul(known);
        NDArray abs = logits.abs();
        NDArray perEntry =
                Scalars.mul(logits.add(abs), 0.5f)
                        .sub(logits.mul(y))
                        .add(abs.neg().exp().add(1f).log());
        float count = known.sum().getFloat();
        return Scalars.div(perEntry.mul(known).sum(), Math.max(count, 1f));
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new TaggingValidation();
    }

    /** Collects logits and labelled targets of the held-out images, then scores them. */
    public static final class TaggingValidation implements Validation {
        private static final String KEY = "validation";
        private final List<float[]> scores = new ArrayList<>();
        private final List<int[]> targets = new ArrayList<>();
        private final MultiLabelF1 f1 = MultiLabelF1.builder().optFromLogits(true).build();

        TaggingValidation() {
            f1.addAccumulator(KEY);
        }

        @Override
        public void accept(GanContext context, Batch batch) {
            NDArray logits = context.generator(new NDList(RecordLayout.images(batch))).head();
            NDArray truth = RecordLayout.targets(batch);
            f1.updateAccumulator(KEY, new NDList(truth), new NDList(logits));
            int k = Math.toIntExact(logits.getShape().get(1));
            float[] flatScores = logits.toFloatArray();
            float[] flatTargets =
                    truth.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            for (int row = 0; row < flatScores.length / k; row++) {
                float[] s = new float[k];
                int[] t = new int[k];
                for (int c = 0; c < k; c++) {
                    s[c] = flatScores[row * k + c];
                    t[c] = Math.round(flatTargets[row * k + c]);
                }
                scores.add(s);
                targets.add(t);
            }
        }

        /** Returns the average precision of every category so far, NaN without positives. */
        public double[] perCategoryAveragePrecision() {
            return MultiLabelAveragePrecision.perCategoryAveragePrecision(
                    scores.toArray(new float[0][]), targets.toArray(new int[0][]));
        }

        @Override
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(
                    "mAP",
                    MultiLabelAveragePrecision.meanAveragePrecision(
                            scores.toArray(new float[0][]), targets.toArray(new int[0][])));
            metrics.put("f1_micro", f1.getMicroF1(KEY));
            metrics.put("f1_macro", f1.getMacroF1(KEY));
            return metrics;
        }
    }
}
