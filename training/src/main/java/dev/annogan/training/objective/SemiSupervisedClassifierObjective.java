package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.classifier.KPlusOneDiscriminator;
import dev.annogan.core.loss.FeatureMatchingLoss;
import dev.annogan.core.loss.NonSaturatingLoss;
import dev.annogan.core.nn.Scalars;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.Validation;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.List;
import java.util.Objects;

/**
 * Semi-supervised K-class classification with a GAN (Salimans et al. 2016, "Improved Techniques for
 * Training GANs"): D is a K+1-way classifier ({@code KPlusOneDiscriminator}: class logits and
 * penultimate features), G a generator of images trained by feature matching.
 *
 * <p>Batches: data {@code NDList(images (N, C, H, W))}, labels {@code NDList(classes (N), ...)}
 * with the class 0..K-1 of a labelled row and -1 for an unlabelled one; further label arrays (such
 * as {@code FashionMnist}'s labelled flag) are ignored. G makes as many fakes as the batch has
 * unlabelled rows.
 *
 * <p>D's loss. With class logits {@code l(x)} and {@code lse(x) = log sum_k exp(l_k(x))}, the fake
 * class's logit is fixed at 0, so {@code D(x) = P(real | x) = Z / (Z + 1) = sigmoid(lse(x))}. Since
 * {@code -log sigmoid(t) = softplus(-t)} and {@code 1 - sigmoid(t) = sigmoid(-t)}:
 *
 * <pre>
 *   -log D(x)             = softplus(-lse(x))
 *   -log(1 - D(G(z)))     = softplus(lse(G(z)))
 *   L_unsupervised        = mean_unlabelled softplus(-lse(x)) + mean_fakes softplus(lse(G(z)))
 *   L_supervised          = mean_labelled -log softmax(l(x))_y
 *   L_D                   = supervisedWeight * L_supervised + adversarialWeight * L_unsupervised
 * </pre>
 *
 * with the engine's softplus, which never overflows ({@link #softplus}), and both weights the
 * objective's {@link LossWeights} (adversarial = the unsupervised term's). Salimans et al.'s code
 * weighs the unsupervised term by 0.5. The supervised term uses only the labelled rows, the
 * unsupervised term only the unlabelled ones; a batch without labelled rows has a supervised term
 * of exactly 0, one without unlabelled rows no unsupervised term.
 *
 * <p>G's loss: feature matching ({@link FeatureMatchingLoss}), {@code mean_f (mean_batch f(x) -
 * mean_batch f(G(z)))²} over D's penultimate features {@code f}, the real ones from the unlabelled
 * rows (a fresh forward, with D's training noise, as in the paper's code). That is {@code || mean
 * f(x) - mean f(G(z)) ||² / F}; the constant {@code 1/F} does not change Adam's steps.
 *
 * <p>Teacher terms ({@link TeacherTerms}, off by default): D, the classifier, also learns from its
 * own moving average (the run's {@code optDiscriminatorEmaDecay}) on the unlabelled rows. The
 * teacher sees the batch's (weakly augmented) images, the student a strongly augmented view of them
 * ({@code strong}: colour jitter and cutout on top), and {@link TeacherTerms#classLoss} adds the
 * consistency and confident pseudo-label terms to D's loss.
 *
 * <p>Validation: the accuracy of D's class logits on labelled batches, key {@code accuracy}.
 */
public final class SemiSupervisedClassifierObjective implements GanObjective {

    private final int noiseDim;
    private final LossWeights weights;
    private final FeatureMatchingLoss featureMatching = new FeatureMatchingLoss();
    private final TeacherTerms teacher;
    private final ImageAugmentation strong;

    /**
     * Creates the objective without teacher terms, both terms of D's loss at weight 1.
     *
     * @param noiseDim the length of G's noise input
     */
    public SemiSupervisedClassifierObjective(int noiseDim) {
        this(noiseDim, LossWeights.EQUAL, TeacherTerms.NONE, ImageAugmentation.NONE);
    }

    /**
     * Creates the objective.
     *
     * @param noiseDim the length of G's noise input
     * @param weights the weights of D's supervised and unsupervised (adversarial) terms
     * @param teacher the consistency and pseudo-label terms on unlabelled rows; with either weight
     *     positive the run must keep a moving average of D
     * @param strong the student's extra augmentation of unlabelled rows for those terms
     */
    public SemiSupervisedClassifierObjective(
            int noiseDim, LossWeights weights, TeacherTerms teacher, ImageAugmentation strong) {
        if (noiseDim <= 0) {
            throw new IllegalArgumentException("noise dimension must be positive, got " + noiseDim);
        }
        this.noiseDim = noiseDim;
        this.weights = Objects.requireNonNull(weights, "weights");
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.strong = Objects.requireNonNull(strong, "strong");
    }

    /** Returns G's images from fresh noise, one per unlabelled row (at least one). */
    @Override
    public NDList generate(GanContext context, Batch batch) {
        long count = Math.max(1, ClassRows.of(batch).unlabelledCount());
        return new NDList(
                context.generator(new NDList(context.noise(new Shape(count, noiseDim)))).head());
    }

    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        ClassRows rows = ClassRows.of(batch);
        NDArray loss = null;
        if (rows.labelledCount() > 0) {
            NDArray logits = classLogits(context, rows.labelledImages());
            loss =
                    Scalars.mul(
                            supervisedLoss(logits, rows.labelledClasses()), weights.supervised());
        }
        if (rows.unlabelledCount() == 0) {
            // No sample of the data distribution: nothing to play the fakes against.
            NDArray none = loss.getManager().zeros(new Shape(0, 1));
            return new DiscriminatorResult(loss, none, none);
        }
        NDArray realLogits = classLogits(context, rows.unlabelledImages());
        NDArray fakeLogits = classLogits(context, fakes.head());
        NDArray unsupervised =
                Scalars.mul(unsupervisedLoss(realLogits, fakeLogits), weights.adversarial());
        loss = loss == null ? unsupervised : loss.add(unsupervised);
        if (teacher.activeAt(context.step())) {
            loss = loss.add(teacherLoss(context, rows.unlabelledImages(), strong, teacher, true));
        }
        return new DiscriminatorResult(
                loss,
                KPlusOneDiscriminator.realLogit(realLogits),
                KPlusOneDiscriminator.realLogit(fakeLogits));
    }

    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        NDArray fakeFeatures = context.discriminator(fakes).get(1);
        ClassRows rows = ClassRows.of(batch);
        if (rows.unlabelledCount() == 0) {
            return zeroLoss(fakeFeatures);
        }
        NDArray realFeatures = context.discriminator(new NDList(rows.unlabelledImages())).get(1);
        return featureMatching.generatorLoss(realFeatures, fakeFeatures);
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new ClassifierAccuracy(ClassifierAccuracy.Network.DISCRIMINATOR);
    }

    /**
     * Returns the teacher terms of a classifier on unlabelled images: the teacher's logits on the
     * images as given, the student's on a strongly augmented view of them.
     *
     * @param context the step's networks
     * @param unlabelled the unlabelled images {@code (N, C, H, W)}
     * @param strong the student's augmentation
     * @param teacher the terms
     * @param discriminator true when the classifier is D (its average the teacher), false when it
     *     is G
     * @return the scalar loss
     */
    static NDArray teacherLoss(
            GanContext context,
            NDArray unlabelled,
            ImageAugmentation strong,
            TeacherTerms teacher,
            boolean discriminator) {
        NDList weak = new NDList(unlabelled);
        NDArray teacherLogits =
                (discriminator ? context.discriminatorEma(weak) : context.generatorEma(weak))
                        .head();
        NDList view = new NDList(strong.apply(unlabelled, List.of(), context.random()).head());
        NDArray studentLogits =
                (discriminator ? context.discriminator(view) : context.generator(view)).head();
        return teacher.classLoss(studentLogits, teacherLogits, context.step());
    }

    private static NDArray classLogits(GanContext context, NDArray images) {
        return context.discriminator(new NDList(images)).head();
    }

    /**
     * Returns {@code softplus(t) = log(1 + exp(t))} elementwise, without overflow for large {@code
     * t}: {@link NonSaturatingLoss#softplus}, the engine's fused operator.
     */
    public static NDArray softplus(NDArray t) {
        return NonSaturatingLoss.softplus(t);
    }

    /**
     * Returns the unsupervised part of D's loss: {@code mean softplus(-lse(real)) + mean
     * softplus(lse(fake))}, that is {@code -mean log D(x) - mean log(1 - D(G(z)))}.
     *
     * @param realClassLogits D's class logits on real images, {@code (N, K)}, N at least 1
     * @param fakeClassLogits D's class logits on generated images, {@code (M, K)}, M at least 1
     * @return the scalar loss
     */
    public static NDArray unsupervisedLoss(NDArray realClassLogits, NDArray fakeClassLogits) {
        NDArray real = softplus(KPlusOneDiscriminator.realLogit(realClassLogits).neg()).mean();
        NDArray fake = softplus(KPlusOneDiscriminator.realLogit(fakeClassLogits)).mean();
        return real.add(fake);
    }

    /**
     * Returns the mean cross-entropy {@code -log softmax(l)_y} over the rows whose class is at
     * least 0; rows of class -1 are left out, and without any labelled row the result is exactly 0.
     *
     * @param classLogits logits {@code (N, K)}
     * @param classes the class of each row, {@code (N)}, any numeric type, -1 for unlabelled
     * @return the scalar loss
     */
    public static NDArray supervisedLoss(NDArray classLogits, NDArray classes) {
        long k = classLogits.getShape().get(1);
        NDArray y = classes.toType(classLogits.getDataType(), false);
        NDArray known = y.gte(0f).toType(classLogits.getDataType(), false);
        // Unlabelled rows pick class 0 here and are then multiplied by 0: a -1 cannot be one-hot.
        NDArray oneHot = y.mul(known).toType(DataType.INT64, false).oneHot((int) k);
        NDArray perRow =
                classLogits
                        .logSoftmax(1)
                        .mul(oneHot.toType(classLogits.getDataType(), false))
                        .sum(new int[] {1})
                        .neg();
        float count = known.sum().getFloat();
        return Scalars.div(perRow.mul(known).sum(), Math.max(count, 1f));
    }

    /**
     * Returns a loss of value 0 still connected to {@code output}'s graph, for an update that must
     * learn nothing from its batch (the backward pass needs a graph to walk).
     */
    static NDArray zeroLoss(NDArray output) {
        return Scalars.mul(output.sum(), 0f);
    }
}
