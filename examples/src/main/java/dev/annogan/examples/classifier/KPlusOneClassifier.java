package dev.annogan.examples.classifier;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.training.GanApplication;
import dev.annogan.training.GanObjective;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.SupervisedStep;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.objective.ClassifierAccuracy;
import dev.annogan.training.objective.LossWeights;
import dev.annogan.training.objective.SemiSupervisedClassifierObjective;
import dev.annogan.training.objective.SupervisedClassifierObjective;
import dev.annogan.training.teacher.TeacherTerms;
import java.awt.image.BufferedImage;

/**
 * Semi-supervised K+1 classification (Salimans et al. 2016), the whole application in one place:
 * the classifier is D, whose K logits also say "real" (their log-sum-exp) against G's fakes; G
 * draws images from noise and learns by feature matching ({@link
 * SemiSupervisedClassifierObjective}); the picture shows the classifier's answers and G's samples,
 * and validation accuracy picks the best checkpoint. As its baseline the same classifier sits in
 * G's slot and learns from the labelled images alone ({@link SupervisedClassifierObjective}), with
 * no D. The classifier is one Block, made once: the runner seeds and initialises it itself so that
 * both methods start from the same weights. {@link ClassifierRunner} runs it.
 */
final class KPlusOneClassifier implements GanApplication {

    private final ClassifierArchitecture architecture;
    private final boolean baseline;
    private final int batchSize;
    private final Block classifier;
    private final GanObjective objective;
    private final ClassifierPicture picture;

    /**
     * Describes a run.
     *
     * @param architecture the networks
     * @param baseline whether to train the classifier alone on the labelled images
     * @param batchSize the batch size, the networks' initialisation shapes
     * @param unsupervisedWeight the weight of D's real/fake term against its cross-entropy
     * @param teacher the teacher terms on unlabelled images
     * @param strong the student's extra augmentation for them
     * @param picture the per-epoch picture
     */
    KPlusOneClassifier(
            ClassifierArchitecture architecture,
            boolean baseline,
            int batchSize,
            float unsupervisedWeight,
            TeacherTerms teacher,
            ImageAugmentation strong,
            ClassifierPicture picture) {
        this.architecture = architecture;
        this.baseline = baseline;
        this.batchSize = batchSize;
        this.classifier = architecture.classifier();
        this.picture = picture;
        this.objective =
                baseline
                        ? new SupervisedClassifierObjective(teacher, strong)
                        : new SemiSupervisedClassifierObjective(
                                ClassifierArchitecture.NOISE_DIM,
                                LossWeights.adversarial(unsupervisedWeight),
                                teacher,
                                strong);
    }

    /** Returns the classifier, D in the GAN and G in the baseline. */
    Block classifier() {
        return classifier;
    }

    @Override
    public String name() {
        return "ssl";
    }

    /** Returns the classifier for the baseline, G's image generator for the GAN. */
    @Override
    public Block newGenerator() {
        return baseline ? classifier : architecture.generator();
    }

    @Override
    public Shape[] generatorInputs() {
        return baseline
                ? new Shape[] {ClassifierArchitecture.imageShape(batchSize)}
                : new Shape[] {new Shape(batchSize, ClassifierArchitecture.NOISE_DIM)};
    }

    /** Returns the classifier for the GAN, no discriminator for the baseline. */
    @Override
    public Block newDiscriminator() {
        return baseline ? SupervisedStep.noDiscriminator() : classifier;
    }

    @Override
    public Shape[] discriminatorInputs() {
        return baseline
                ? SupervisedStep.noDiscriminatorShapes()
                : new Shape[] {ClassifierArchitecture.imageShape(batchSize)};
    }

    @Override
    public GanObjective objective() {
        return objective;
    }

    @Override
    public String metric() {
        return ClassifierAccuracy.KEY;
    }

    @Override
    public BufferedImage picture(GanTrainer gan) {
        return picture.render(gan);
    }
}
