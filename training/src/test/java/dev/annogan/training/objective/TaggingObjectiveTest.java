package dev.annogan.training.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanObjective.DiscriminatorResult;
import dev.annogan.training.Validation;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tagging objective's losses on two images and two labels, against values computed by hand
 * (softplus(x) = log(1 + e^x), sigma the logistic function).
 */
class TaggingObjectiveTest {

    private final NDManager manager = NDManager.newBaseManager();

    /** G always answers these logits: row 0 (labelled) [0, 2], row 1 (unlabelled) [1, -1]. */
    private final Function<NDList, NDList> generator =
            inputs -> new NDList(manager.create(new float[][] {{0, 2}, {1, -1}}));

    /** D scores a pair by the sum of its label vector, whatever the image. */
    private final Function<NDList, NDList> sumOfLabels =
            inputs -> new NDList(inputs.get(1).sum(new int[] {1}, true));

    @AfterEach
    void close() {
        manager.close();
    }

    private Batch batch(float[][] multiHot, float[] labelled) {
        NDArray images = manager.zeros(new Shape(multiHot.length, 3, 2, 2));
        return FixedContext.batch(
                manager, images, manager.create(multiHot), manager.create(labelled));
    }

    private FixedContext context() {
        return new FixedContext(manager, generator, sumOfLabels, GanConfig.builder().build(), 0);
    }

    private static TaggingObjective weighted(float supervised, float adversarial) {
        return new TaggingObjective(
                0,
                new LossWeights(supervised, adversarial),
                TeacherTerms.NONE,
                ImageAugmentation.NONE);
    }

    @Test
    void crossEntropyCountsOnlyLabelledEntries() {
        // Entries (0, 0) and (0, 1) count: (log 2 + softplus(2)) / 2. Row 1 is -1 and left out.
        NDArray loss =
                TaggingObjective.maskedBinaryCrossEntropy(
                        manager.create(new float[][] {{0, 2}, {1, -1}}),
                        manager.create(new float[][] {{1, 0}, {-1, -1}}));
        assertEquals(1.4100376, loss.getFloat(), 1e-6);
    }

    @Test
    void aBatchOfUnlabelledRowsHasSupervisedLossExactlyZero() {
        NDArray loss =
                TaggingObjective.maskedBinaryCrossEntropy(
                        manager.create(new float[][] {{40, -35}, {3, 0.5f}}),
                        manager.create(new float[][] {{-1, -1}, {-1, -1}}));
        assertEquals(0f, loss.getFloat());
    }

    @Test
    void generatorLossIsWeightedCrossEntropyPlusAdversarialTermOnAllRows() {
        Batch batch = batch(new float[][] {{1, 0}, {-1, -1}}, new float[] {1, 0});
        FixedContext context = context();
        TaggingObjective objective = weighted(2f, 0.5f);
        NDArray loss = objective.generatorLoss(context, batch, objective.generate(context, batch));
        // D on the fakes: sigma(0) + sigma(2) = 1.3808 and sigma(1) + sigma(-1) = 1; the BCE
        // generator loss is mean softplus(-d) = 0.268754; 2 * 1.410038 + 0.5 * 0.268754.
        assertEquals(2.9544520, loss.getFloat(), 1e-5);
    }

    @Test
    void supervisedLossIsTheWeightedCrossEntropyAlone() {
        Batch batch = batch(new float[][] {{1, 0}, {-1, -1}}, new float[] {1, 0});
        NDArray loss = weighted(2f, 0.5f).supervisedLoss(context(), batch);
        assertEquals(2 * 1.4100376, loss.getFloat(), 1e-5);
    }

    @Test
    void discriminatorSeesRealPairsOfLabelledRowsAndFakesOfAllRows() {
        Batch batch = batch(new float[][] {{1, 0}, {-1, -1}}, new float[] {1, 0});
        FixedContext context = context();
        TaggingObjective objective = new TaggingObjective(0);
        DiscriminatorResult result =
                objective.discriminatorLoss(context, batch, objective.generate(context, batch));
        // Real: only row 0, D = 1 + 0 = 1 (row 1's -1 labels would give -2).
        assertArrayEquals(new float[] {1f}, result.realLogits().toFloatArray());
        assertArrayEquals(new float[] {1.3807971f, 1f}, result.fakeLogits().toFloatArray(), 1e-6f);
        // softplus(-1) + mean(softplus(1.3808), softplus(1)).
        assertEquals(1.7724138, result.loss().getFloat(), 1e-5);
    }

    @Test
    void aBatchWithoutLabelledRowsTeachesDiscriminatorNothing() {
        Batch batch = batch(new float[][] {{-1, -1}, {-1, -1}}, new float[] {0, 0});
        FixedContext context = context();
        TaggingObjective objective = new TaggingObjective(0);
        DiscriminatorResult result =
                objective.discriminatorLoss(context, batch, objective.generate(context, batch));
        assertEquals(0f, result.loss().getFloat());
        assertEquals(0, result.realLogits().size());
        assertEquals(2, result.fakeLogits().size());
    }

    @Test
    void generatorGetsNoiseOfItsDimension() {
        Batch batch = batch(new float[][] {{1, 0}, {-1, -1}}, new float[] {1, 0});
        Shape[] seen = new Shape[1];
        FixedContext context =
                new FixedContext(
                        manager,
                        inputs -> {
                            seen[0] = inputs.get(1).getShape();
                            return generator.apply(inputs);
                        },
                        sumOfLabels,
                        GanConfig.builder().build(),
                        0);
        new TaggingObjective(5).generate(context, batch);
        assertEquals(new Shape(2, 5), seen[0]);
    }

    @Test
    void validationReportsMeanAveragePrecisionAndF1() {
        // Class 0 is ranked perfectly (AP 1); class 1 ranks a negative above a positive:
        // AP = 0.5 * 1 + 0.5 * 2/3. At logit 0: class 0 all right, class 1 misses row 2.
        NDArray logits = manager.create(new float[][] {{2, -1}, {-1, 1}, {0.5f, -2}});
        FixedContext context =
                new FixedContext(
                        manager,
                        inputs -> new NDList(logits),
                        sumOfLabels,
                        GanConfig.builder().build(),
                        0);
        Validation validation = new TaggingObjective(0).newValidation(context);
        validation.accept(
                context,
                FixedContext.batch(
                        manager,
                        manager.zeros(new Shape(3, 3, 2, 2)),
                        manager.create(new float[][] {{1, 0}, {0, 1}, {1, 1}}),
                        manager.create(new float[] {1, 1, 1})));
        Map<String, Double> metrics = validation.metrics();
        assertEquals(
                java.util.List.of("mAP", "f1_micro", "f1_macro"),
                java.util.List.copyOf(metrics.keySet()));
        assertEquals(0.9166667, metrics.get("mAP"), 1e-6);
        assertEquals(6.0 / 7.0, metrics.get("f1_micro"), 1e-6);
        assertEquals((1 + 2.0 / 3.0) / 2, metrics.get("f1_macro"), 1e-6);
    }
}
