package dev.annogan.training.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.dataset.Batch;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanObjective.DiscriminatorResult;
import dev.annogan.training.Validation;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The K+1 objective's losses on tiny tensors against values computed by hand, with {@code
 * softplus(t) = log(1 + e^t)} and {@code lse} the log-sum-exp of a row. The stand-in D reads an
 * image of shape {@code (2, 1, 1)} as its two class logits and returns them as its features too.
 */
class SemiSupervisedClassifierObjectiveTest {

    // Log-sum-exp and softplus in float32 differ between engines' kernels by a few ulps (MXNet's
    // and PyTorch's by up to 3e-6 here).
    private static final double FLOAT_TOLERANCE = 1e-5;

    private static final float LOG3 = (float) Math.log(3);

    private final NDManager manager = NDManager.newBaseManager();

    /** D: class logits = the image's two values; features = the same values. */
    private final Function<NDList, NDList> discriminator =
            inputs -> {
                NDArray flat = inputs.head().reshape(new Shape(-1, 2));
                return new NDList(flat, flat);
            };

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray images(float[][] rows) {
        return manager.create(rows).reshape(new Shape(rows.length, 2, 1, 1));
    }

    private FixedContext context(float[][] fakes) {
        return new FixedContext(
                manager,
                inputs -> new NDList(images(fakes)),
                discriminator,
                GanConfig.builder().build(),
                0);
    }

    private static SemiSupervisedClassifierObjective weighted(
            float supervised, float unsupervised) {
        return new SemiSupervisedClassifierObjective(
                3,
                new LossWeights(supervised, unsupervised),
                TeacherTerms.NONE,
                ImageAugmentation.NONE);
    }

    private Batch batch(float[][] images, float... classes) {
        return FixedContext.batch(manager, images(images), manager.create(classes));
    }

    @Test
    void unsupervisedLossIsSoftplusOfMinusLseOnRealsPlusSoftplusOfLseOnFakes() {
        // Real [0, 0]: lse = log 2, softplus(-log 2) = log 1.5. Fake [0, log 3]: lse = log 4,
        // softplus(log 4) = log 5. log 1.5 + log 5 = 2.0149030.
        NDArray loss =
                SemiSupervisedClassifierObjective.unsupervisedLoss(
                        manager.create(new float[][] {{0, 0}}),
                        manager.create(new float[][] {{0, LOG3}}));
        assertEquals(2.0149030, loss.getFloat(), 1e-6);
    }

    @Test
    void unsupervisedLossAveragesRealsAndFakesSeparately() {
        NDArray loss =
                SemiSupervisedClassifierObjective.unsupervisedLoss(
                        manager.create(new float[][] {{0, 0}, {1, -2}}),
                        manager.create(new float[][] {{0, LOG3}, {-1, -1}}));
        assertEquals(1.4333863, loss.getFloat(), 1e-6);
    }

    @Test
    void unsupervisedLossStaysFiniteForHugeLogits() {
        // A confident D: reals at lse ~ 1000 cost ~0, a fake at lse = 1000 costs 1000; the naive
        // log(1 + exp(1000)) would be infinite.
        NDArray loss =
                SemiSupervisedClassifierObjective.unsupervisedLoss(
                        manager.create(new float[][] {{1000, 0}}),
                        manager.create(new float[][] {{1000, -1000}}));
        assertEquals(1000f, loss.getFloat(), 1e-3);
        NDArray softplus =
                SemiSupervisedClassifierObjective.softplus(
                        manager.create(new float[] {-1000, -30, 0, 30, 1000}));
        assertArrayEquals(
                new float[] {0, 0, (float) Math.log(2), 30, 1000}, softplus.toFloatArray(), 1e-6f);
    }

    @Test
    void supervisedLossIsCrossEntropyOverLabelledRowsOnly() {
        // Row 0: -log softmax([0, 0])_0 = log 2; row 1: -log softmax([2, 0])_1 = log(1 + e^2);
        // row 2 is unlabelled and left out: (log 2 + log(1 + e^2)) / 2.
        NDArray loss =
                SemiSupervisedClassifierObjective.supervisedLoss(
                        manager.create(new float[][] {{0, 0}, {2, 0}, {50, -50}}),
                        manager.create(new float[] {0, 1, -1}));
        assertEquals(1.4100376, loss.getFloat(), FLOAT_TOLERANCE);
    }

    @Test
    void aBatchWithoutLabelledRowsHasSupervisedLossExactlyZero() {
        NDArray loss =
                SemiSupervisedClassifierObjective.supervisedLoss(
                        manager.create(new float[][] {{40, -35}, {3, 0.5f}}),
                        manager.create(new float[] {-1, -1}));
        assertEquals(0f, loss.getFloat());
    }

    @Test
    void discriminatorLossWeighsSupervisedAndUnsupervisedTerms() {
        // Row 0 labelled (class 1, logits [0, 0]), row 1 unlabelled ([0, 0]), one fake
        // [log 3, 0]: 2 * log 2 + 0.5 * (log 1.5 + log 5) = 2.3937459.
        FixedContext context = context(new float[][] {{LOG3, 0}});
        Batch batch = batch(new float[][] {{0, 0}, {0, 0}}, 1, -1);
        SemiSupervisedClassifierObjective objective = weighted(2f, 0.5f);
        DiscriminatorResult result =
                objective.discriminatorLoss(context, batch, objective.generate(context, batch));
        assertEquals(2.3937459, result.loss().getFloat(), FLOAT_TOLERANCE);
        assertArrayEquals(new float[] {(float) Math.log(2)}, result.realLogits().toFloatArray());
        assertArrayEquals(
                new float[] {(float) Math.log(4)}, result.fakeLogits().toFloatArray(), 1e-6f);
    }

    @Test
    void discriminatorGradientsAreRightEvenIfMemoryIsCollectedBeforeBackward() {
        // d/dl of 2 * CE(l = [0, 0], y = 1) is 2 * (softmax(l) - onehot(1)) = [1, -1]; of
        // 0.5 * softplus(-lse(l)) for the unlabelled row it is -0.5 * sigmoid(-lse) * softmax(l)
        // = -0.5 * (1/3) * 0.5 = -1/12 per logit. Weights and divisors are numbers the engine
        // must keep alive until the backward pass (see core.nn.Scalars).
        FixedContext context = context(new float[][] {{LOG3, 0}});
        NDArray images = images(new float[][] {{0, 0}, {0, 0}});
        images.setRequiresGradient(true);
        Batch batch = FixedContext.batch(manager, images, manager.create(new float[] {1, -1}));
        SemiSupervisedClassifierObjective objective = weighted(2f, 0.5f);
        NDList fakes = objective.generate(context, batch);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = objective.discriminatorLoss(context, batch, fakes).loss();
            for (int i = 0; i < 5; i++) {
                byte[][] garbage = new byte[1000][];
                for (int j = 0; j < garbage.length; j++) {
                    garbage[j] = new byte[10_000];
                }
                System.gc();
            }
            collector.backward(loss);
        }
        assertArrayEquals(
                new float[] {1, -1, -1f / 12, -1f / 12},
                images.getGradient().toFloatArray(),
                (float) FLOAT_TOLERANCE);
    }

    @Test
    void withoutUnlabelledRowsDiscriminatorLossIsTheSupervisedTermAlone() {
        FixedContext context = context(new float[][] {{LOG3, 0}});
        Batch batch = batch(new float[][] {{0, 0}, {2, 0}}, 0, 1);
        SemiSupervisedClassifierObjective objective = new SemiSupervisedClassifierObjective(3);
        DiscriminatorResult result =
                objective.discriminatorLoss(context, batch, objective.generate(context, batch));
        assertEquals(1.4100376, result.loss().getFloat(), FLOAT_TOLERANCE);
        assertEquals(0, result.realLogits().size());
    }

    @Test
    void generatorMakesOneFakePerUnlabelledRow() {
        FixedContext context =
                new FixedContext(
                        manager,
                        inputs -> new NDList(inputs.head().reshape(new Shape(-1, 2, 1, 1))),
                        discriminator,
                        GanConfig.builder().build(),
                        0);
        Batch batch = batch(new float[][] {{0, 0}, {0, 0}, {0, 0}}, -1, 4, -1);
        NDList fakes = new SemiSupervisedClassifierObjective(2).generate(context, batch);
        assertEquals(new Shape(2, 2, 1, 1), fakes.head().getShape());
    }

    @Test
    void generatorLossMatchesMeanFeaturesOfTheUnlabelledRows() {
        // Unlabelled features [1, 3] and [3, 5] average [2, 4]; the fakes [0, 0] and [2, 2]
        // average [1, 1]; mean((2 - 1)^2, (4 - 1)^2) = 5. The labelled row [100, 100] is ignored.
        FixedContext context = context(new float[][] {{0, 0}, {2, 2}});
        Batch batch = batch(new float[][] {{1, 3}, {100, 100}, {3, 5}}, -1, 0, -1);
        SemiSupervisedClassifierObjective objective = new SemiSupervisedClassifierObjective(3);
        NDArray loss = objective.generatorLoss(context, batch, objective.generate(context, batch));
        assertEquals(5f, loss.getFloat(), 1e-6);
    }

    @Test
    void validationCountsOnlyLabelledRows() {
        FixedContext context = context(new float[][] {{0, 0}});
        Validation validation = new SemiSupervisedClassifierObjective(3).newValidation(context);
        // Argmax: 1, 0, 0, 1 against classes 1, 1, -1, 1: two of the three counted rows are right.
        validation.accept(
                context, batch(new float[][] {{0, 1}, {1, 0}, {1, 0}, {-1, 2}}, 1, 1, -1, 1));
        assertEquals(2.0 / 3, validation.metrics().get("accuracy"), 1e-12);
        ClassifierAccuracy accuracy = (ClassifierAccuracy) validation;
        assertEquals(1, accuracy.confusion().count(1, 0));
        assertEquals(2, accuracy.confusion().count(1, 1));
    }

    @Test
    void baselineRunsTheClassifierInGsSlotOnTheLabelledRowsOnly() {
        // The classifier sits in G's slot; it must only ever see the two labelled rows.
        Function<NDList, NDList> classifier =
                inputs -> {
                    assertEquals(2, inputs.head().getShape().get(0));
                    return discriminator.apply(inputs);
                };
        FixedContext context =
                new FixedContext(
                        manager,
                        classifier,
                        inputs -> {
                            throw new AssertionError("the baseline has no D");
                        },
                        GanConfig.builder().build(),
                        0);
        Batch batch = batch(new float[][] {{0, 0}, {7, 7}, {2, 0}}, 0, -1, 1);
        SupervisedClassifierObjective baseline = new SupervisedClassifierObjective();
        assertEquals(1.4100376, baseline.supervisedLoss(context, batch).getFloat(), 1e-5);
        assertThrows(
                UnsupportedOperationException.class,
                () -> baseline.discriminatorLoss(context, batch, new NDList()));
        Validation validation = baseline.newValidation(context);
        validation.accept(context, batch(new float[][] {{0, 1}, {1, 0}}, 1, 1));
        assertEquals(0.5, validation.metrics().get("accuracy"), 1e-12);
    }
}
