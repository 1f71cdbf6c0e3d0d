package dev.annogan.training.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import dev.annogan.core.nn.Scalars;
import dev.annogan.training.GanContext;
import dev.annogan.training.GanObjective;
import dev.annogan.training.SupervisedObjective;
import dev.annogan.training.Validation;

/**
 * The supervised-only baseline of {@link SemiSupervisedClassifierObjective}: the same classifier
 * trained by {@code SupervisedFit} on the cross-entropy of the labelled rows alone. The classifier
 * sits in G's slot of the trainer (there is no discriminator); batches are laid out as for the
 * semi-supervised objective, and unlabelled rows (class -1) are skipped without running the network
 * on them.
 *
 * <p>Loss: {@code supervisedWeight * mean_labelled -log softmax(l(x))_y}, exactly 0 for a batch
 * without labelled rows. Validation: the accuracy of the classifier's logits, key {@code accuracy}.
 */
public final class SupervisedClassifierObjective implements GanObjective, SupervisedObjective {

    /** Creates the objective. */
    public SupervisedClassifierObjective() {}

    /** Returns the classifier's outputs (class logits first) for the batch's labelled rows. */
    @Override
    public NDList generate(GanContext context, Batch batch) {
        return context.generator(new NDList(ClassRows.of(batch).labelledImages()));
    }

    /**
     * Not part of the baseline, which has no discriminator.
     *
     * @throws UnsupportedOperationException always: train the baseline with {@code SupervisedFit}
     */
    @Override
    public DiscriminatorResult discriminatorLoss(GanContext context, Batch batch, NDList fakes) {
        throw new UnsupportedOperationException(
                "the supervised baseline has no discriminator; train it with SupervisedFit");
    }

    /** Returns the supervised loss of the classifier's outputs on the labelled rows. */
    @Override
    public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
        ClassRows rows = ClassRows.of(batch);
        NDArray logits = fakes.head();
        if (rows.labelledCount() == 0) {
            return SemiSupervisedClassifierObjective.zeroLoss(logits);
        }
        return Scalars.mul(
                SemiSupervisedClassifierObjective.supervisedLoss(logits, rows.labelledClasses()),
                context.config().supervisedWeight());
    }

    @Override
    public NDArray supervisedLoss(GanContext context, Batch batch) {
        return generatorLoss(context, batch, generate(context, batch));
    }

    @Override
    public Validation newValidation(GanContext context) {
        return new ClassifierAccuracy(ClassifierAccuracy.Network.GENERATOR);
    }
}
