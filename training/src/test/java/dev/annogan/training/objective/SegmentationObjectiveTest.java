package dev.annogan.training.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanObjective.DiscriminatorResult;
import dev.annogan.training.Validation;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The segmentation objective on two 1x2 images and two classes, against values computed by hand.
 * Image 0 is labelled [1, 0]; image 1 is unlabelled.
 */
class SegmentationObjectiveTest {

    private static final float LN3 = (float) Math.log(3);

    /** The supervised and adversarial weights of every objective here. */
    private static final LossWeights WEIGHTS = new LossWeights(1.5f, 0.25f);

    private final NDManager manager = NDManager.newBaseManager();

    /**
     * G's fixed logits (N, K, H, W) = (2, 2, 1, 2). Softmax per pixel: image 0 [0.25, 0.75] and
     * [0.8808, 0.1192]; image 1 [0.2689, 0.7311] and [0.7311, 0.2689].
     */
    private final NDArray logits =
            manager.create(new float[] {0, 2, LN3, 0, 0, 1, 1, 0}, new Shape(2, 2, 1, 2));

    /** D's logit per pixel: 4 p(class 1) - 2, whatever the image. */
    private final Function<NDList, NDList> discriminator =
            inputs -> new NDList(inputs.get(1).get(":, 1:2").mul(4).sub(2));

    @AfterEach
    void close() {
        manager.close();
    }

    private Batch batch() {
        return FixedContext.batch(
                manager,
                manager.zeros(new Shape(2, 3, 1, 2)),
                manager.create(new int[] {1, 0, -1, -1}, new Shape(2, 1, 2)),
                manager.create(new float[] {1, 0}));
    }

    private FixedContext context(long step) {
        return new FixedContext(
                manager,
                inputs -> new NDList(logits),
                discriminator,
                GanConfig.builder().build(),
                step);
    }

    private static SegmentationObjective objective(long semiStart) {
        return new SegmentationObjective(
                2, WEIGHTS, new SegmentationObjective.Settings(0.5f, 0.3f, semiStart));
    }

    @Test
    void crossEntropyCountsOnlyLabelledPixels() {
        NDArray loss =
                SegmentationObjective.maskedCrossEntropy(
                        logits, manager.create(new int[] {1, -1, -1, -1}, new Shape(2, 1, 2)));
        assertEquals(-Math.log(0.75), loss.getFloat(), 1e-6);
    }

    @Test
    void unlabelledImagesHaveSupervisedLossExactlyZero() {
        NDArray loss =
                SegmentationObjective.maskedCrossEntropy(
                        logits.mul(30),
                        manager.create(new int[] {-1, -1, -1, -1}, new Shape(2, 1, 2)));
        assertEquals(0f, loss.getFloat());
    }

    @Test
    void pseudoLabelsAreArgmaxWhereConfidenceExceedsTheThresholdOnUnlabelledImagesOnly() {
        // Confidence sigmoid(0) = 0.5 and sigmoid(-2) = 0.119 per image; threshold 0.3.
        NDArray confidence = manager.create(new float[] {0, 0, 0, -2}, new Shape(2, 1, 1, 2));
        NDArray pseudo =
                SegmentationObjective.pseudoLabels(
                        logits, confidence, manager.create(new float[] {1, 0}), 0.3f);
        // Image 0 is labelled: no pseudo-labels. Image 1: pixel 0 argmax 1, pixel 1 too unsure.
        assertArrayEquals(new int[] {-1, -1, 1, -1}, pseudo.toIntArray());
        assertEquals(new Shape(2, 1, 2), pseudo.getShape());
    }

    @Test
    void aPatchDiscriminatorsCoarserMapHoldsForEveryPixelOfItsPatch() {
        // One 1x1 patch per image covers both pixels: image 1's sigmoid(1) = 0.73 passes 0.3.
        NDArray confidence = manager.create(new float[] {1, 1}, new Shape(2, 1, 1, 1));
        NDArray pseudo =
                SegmentationObjective.pseudoLabels(
                        logits, confidence, manager.create(new float[] {1, 0}), 0.3f);
        assertArrayEquals(new int[] {-1, -1, 1, 0}, pseudo.toIntArray());
    }

    @Test
    void aPixelExactlyAtTheThresholdIsNotAPseudoLabel() {
        NDArray confidence = manager.create(new float[] {0, 0, 0, 0}, new Shape(2, 1, 1, 2));
        NDArray pseudo =
                SegmentationObjective.pseudoLabels(
                        logits, confidence, manager.create(new float[] {0, 0}), 0.5f);
        assertArrayEquals(new int[] {-1, -1, -1, -1}, pseudo.toIntArray());
    }

    @Test
    void beforeSemiStartGeneratorLossIsCrossEntropyPlusAdversarialTerm() {
        Batch batch = batch();
        FixedContext context = context(4);
        SegmentationObjective objective = objective(5);
        NDArray loss = objective.generatorLoss(context, batch, objective.generate(context, batch));
        // CE over image 0: (-ln 0.75 - ln 0.8808) / 2 = 0.207305; D logits 1, -1.523, 0.924,
        // -0.924: mean softplus(-d) = 0.906581. 1.5 * 0.207305 + 0.25 * 0.906581.
        assertEquals(0.5376029, loss.getFloat(), 1e-5);
    }

    @Test
    void fromSemiStartTheSelfTaughtTermJoins() {
        Batch batch = batch();
        FixedContext context = context(5);
        SegmentationObjective objective = objective(5);
        NDArray loss = objective.generatorLoss(context, batch, objective.generate(context, batch));
        // Image 1: confidence sigmoid(0.924) = 0.716 > 0.3 keeps pixel 0 as class 1;
        // sigmoid(-0.924) = 0.284 < 0.3 drops pixel 1. Self-taught CE = -ln 0.7311 = 0.313262.
        assertEquals(0.5376029 + 0.5 * 0.3132617, loss.getFloat(), 1e-5);
    }

    @Test
    void supervisedLossIsTheWeightedCrossEntropyAlone() {
        NDArray loss = objective(0).supervisedLoss(context(100), batch());
        assertEquals(1.5 * 0.2073050, loss.getFloat(), 1e-5);
    }

    @Test
    void discriminatorSeesOneHotTruthOfLabelledImagesAndSoftmaxOfAll() {
        Batch batch = batch();
        FixedContext context = context(0);
        SegmentationObjective objective = objective(0);
        DiscriminatorResult result =
                objective.discriminatorLoss(context, batch, objective.generate(context, batch));
        // One-hot truth [1, 0] has p(class 1) = 1, 0: D = 2, -2.
        assertArrayEquals(new float[] {2, -2}, result.realLogits().toFloatArray(), 1e-6f);
        assertEquals(new Shape(2, 1, 1, 2), result.fakeLogits().getShape());
        assertEquals(1.9027123, result.loss().getFloat(), 1e-5);
    }

    @Test
    void aBatchWithoutLabelledImagesTeachesDiscriminatorNothing() {
        Batch batch =
                FixedContext.batch(
                        manager,
                        manager.zeros(new Shape(2, 3, 1, 2)),
                        manager.create(new int[] {-1, -1, -1, -1}, new Shape(2, 1, 2)),
                        manager.create(new float[] {0, 0}));
        FixedContext context = context(0);
        SegmentationObjective objective = objective(0);
        DiscriminatorResult result =
                objective.discriminatorLoss(context, batch, objective.generate(context, batch));
        assertEquals(0f, result.loss().getFloat());
        assertEquals(0, result.realLogits().size());
    }

    @Test
    void validationReportsMeanIoUAndPixelAccuracyIgnoringUnlabelledPixels() {
        // Predictions (argmax) per pixel: image 0 [1, 0], image 1 [1, 0].
        // Targets [1, 1] and [0, -1]: counted pairs (1,1), (1,0), (0,1).
        // IoU(0) = 0 / 2, IoU(1) = 1 / 3; pixel accuracy 1 / 3.
        FixedContext context = context(0);
        Validation validation = objective(0).newValidation(context);
        validation.accept(
                context,
                FixedContext.batch(
                        manager,
                        manager.zeros(new Shape(2, 3, 1, 2)),
                        manager.create(new int[] {1, 1, 0, -1}, new Shape(2, 1, 2)),
                        manager.create(new float[] {1, 1})));
        Map<String, Double> metrics = validation.metrics();
        assertEquals((0 + 1.0 / 3.0) / 2, metrics.get("mIoU"), 1e-9);
        assertEquals(1.0 / 3.0, metrics.get("pixel_accuracy"), 1e-9);
    }

    @Test
    void settingsRejectAThresholdOutsideTheUnitInterval() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SegmentationObjective.Settings(0.1f, 1.2f, 0));
    }

    @Test
    void teacherTermsAddConsistencyAndConfidentPixelsOfTheUnlabelledImage() {
        // Teacher on image 1: pixel 0 class 0 at 0.9, pixel 1 class 1 at 0.9, so with threshold
        // 0.85 the pseudo-labels are [0, 1]. The student (G on image 1 alone) gives p = 0.2689 to
        // each of them, and 1 - p to the other class.
        float ln9 = (float) Math.log(9);
        NDArray teacher = manager.create(new float[] {ln9, 0, 0, ln9}, new Shape(1, 2, 1, 2));
        FixedContext context = studentContext().withTeachers(inputs -> new NDList(teacher), null);
        SegmentationObjective.Settings off = new SegmentationObjective.Settings(0, 0.3f, 0);
        double supervised =
                new SegmentationObjective(2, WEIGHTS, off)
                        .supervisedLoss(context, batch())
                        .getFloat();
        SegmentationObjective taught =
                new SegmentationObjective(
                        2, WEIGHTS, off, new TeacherTerms(2, 3, 0.85f, 0), null, 0f);
        double p = 1 / (1 + Math.E);
        // Consistency: (p - 0.9)^2 on each of the 4 entries, summed over the 2 classes.
        double expected = supervised + 2 * 2 * Math.pow(p - 0.9, 2) + 3 * -Math.log(p);
        assertEquals(expected, taught.supervisedLoss(context, batch()).getFloat(), 1e-5);
        // A stricter threshold leaves no pixel: consistency alone.
        SegmentationObjective strict =
                new SegmentationObjective(
                        2, WEIGHTS, off, new TeacherTerms(2, 3, 0.95f, 0), null, 0f);
        assertEquals(
                supervised + 2 * 2 * Math.pow(p - 0.9, 2),
                strict.supervisedLoss(context, batch()).getFloat(),
                1e-5);
        // The run is at step 3: a teacher that starts at step 3 is heard in full (no ramp-up)...
        assertEquals(
                expected,
                new SegmentationObjective(
                                2, WEIGHTS, off, new TeacherTerms(2, 3, 0.85f, 0, 3), null, 0f)
                        .supervisedLoss(context, batch())
                        .getFloat(),
                1e-5);
        // ...and one that starts at step 4 is not even asked.
        FixedContext unasked =
                studentContext()
                        .withTeachers(
                                inputs -> {
                                    throw new AssertionError(
                                            "the teacher was asked before its start");
                                },
                                null);
        assertEquals(
                supervised,
                new SegmentationObjective(
                                2, WEIGHTS, off, new TeacherTerms(2, 3, 0.85f, 0, 4), null, 0f)
                        .supervisedLoss(unasked, batch())
                        .getFloat(),
                1e-6);
    }

    @Test
    void aFixedTeacherModelAnswersInsteadOfTheMovingAverage() {
        // The same teacher output as above, from a TeacherModel; the context has no moving
        // average at all, so asking it would throw.
        float ln9 = (float) Math.log(9);
        NDArray teacher = manager.create(new float[] {ln9, 0, 0, ln9}, new Shape(1, 2, 1, 2));
        FixedContext context = studentContext();
        SegmentationObjective.Settings off = new SegmentationObjective.Settings(0, 0.3f, 0);
        double supervised =
                new SegmentationObjective(2, WEIGHTS, off)
                        .supervisedLoss(context, batch())
                        .getFloat();
        SegmentationObjective taught =
                new SegmentationObjective(
                        2,
                        WEIGHTS,
                        off,
                        new TeacherTerms(2, 3, 0.85f, 0),
                        null,
                        0f,
                        (c, inputs) -> new NDList(teacher));
        double p = 1 / (1 + Math.E);
        assertEquals(
                supervised + 2 * 2 * Math.pow(p - 0.9, 2) + 3 * -Math.log(p),
                taught.supervisedLoss(context, batch()).getFloat(),
                1e-5);
    }

    /**
     * A context at step 3 whose G gives the test's logits for the batch (2 images) and their second
     * row for image 1 alone (the unlabelled image the teacher terms see).
     */
    private FixedContext studentContext() {
        return new FixedContext(
                manager,
                inputs ->
                        new NDList(
                                inputs.head().getShape().get(0) == 2 ? logits : logits.get("1:2")),
                discriminator,
                GanConfig.builder().build(),
                3);
    }
}
