package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.SupervisedObjective;
import dev.annogan.training.Validation;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.Objects;

/**
 * The supervised-only baseline of {@link SemiSupervisedClassifierObjective}: the same classifier
 * trained by {@code TrainingStep.supervised()} on the cross-entropy of the labelled rows alone. The
 * classifier sits in G's slot of the trainer (there is no discriminator); batches are laid out as
 * for the semi-supervised objective, and unlabelled rows (class -1) are skipped without running the
 * network on them.
 *
 * <p>Loss: {@code mean_labelled -log softmax(l(x))_y}, exactly 0 for a batch without labelled rows.
 * Validation: the accuracy of the classifier's logits, key {@code accuracy}.
 *
 * <p>With {@link TeacherTerms} (the ablation "teacher without D"), the classifier also learns from
 * its moving average (the run's {@code optEmaDecay}) on the unlabelled rows, exactly as D does in
 * {@link SemiSupervisedClassifierObjective}: teacher on the batch's images, student on a strongly
 * augmented view.
 */
public final class SupervisedClassifierObjective implements GanObjective, SupervisedObjective {

    private final TeacherTerms teacher;
    private final ImageAugmentation strong;

    /** Creates the objective of the labelled rows alone. */
    public SupervisedClassifierObjective() {
        this(TeacherTerms.NONE, ImageAugmentation.NONE);
    }

    /**
     * Creates the objective with teacher terms on the unlabelled rows.
     *
     * @param teacher the consistency and pseudo-label terms; with either weight positive the run
     *     must keep a moving average of the classifier (G)
     * @param strong the student's extra augmentation of unlabelled rows for those terms
     */
    public SupervisedClassifierObjective(TeacherTerms teacher, ImageAugmentation strong) {
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.strong = Objects.requireNonNull(strong, "strong");
    }

    /** Returns the classifier's outputs (class logits first) for the batch's labelled rows. */
    @Override
    public NDList generate(GanContext context, Batch batch) {
        return context.generator(new NDList(ClassRows.of(batch).labelledImages()));
    }

    /**
     * Not part of the baseline, which has no discriminator.
     *
     * @throws UnsupportedOperationException always: train the baseline with {@code
     *     TrainingStep.supervised()}
     */
    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        throw new UnsupportedOperationException(
                "the supervised baseline has no discriminator; train it with TrainingStep.supervised()");
    }

    /** Returns the supervised loss of the classifier's outputs on the labelled rows. */
    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        ClassRows rows = ClassRows.of(batch);
        NDArray logits = fakes.head();
        if (rows.labelledCount() == 0) {
            return SemiSupervisedClassifierObjective.zeroLoss(logits);
        }
        return SemiSupervisedClassifierObjective.supervisedLoss(logits, rows.labelledClasses());
    }

    @Override
    public NDArray supervisedLoss(GanContext context, Batch batch) {
        NDArray loss = generatorLoss(context, batch, generate(context, batch));
        ClassRows rows = ClassRows.of(batch);
        if (teacher.activeAt(context.step()) && rows.unlabelledCount() > 0) {
            loss =
                    loss.add(
                            SemiSupervisedClassifierObjective.teacherLoss(
                                    context, rows.unlabelledImages(), strong, teacher, false));
        }
        return loss;
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new ClassifierAccuracy(ClassifierAccuracy.Network.GENERATOR);
    }
}
